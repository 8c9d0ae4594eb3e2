package io.kgrca.controlplane.config;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.config.Setting;
import io.kgrca.common.config.SettingSet;
import io.kgrca.common.config.WorkerDefinitions;
import io.kgrca.common.http.BindAddress;
import io.kgrca.common.http.TlsSettings;
import io.kgrca.common.image.KgImage;
import io.kgrca.common.kafka.KafkaSettings;
import io.kgrca.common.placement.PlacementMode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The control plane's own settings, defined once with common's {@link Setting}: {@link ControlPlaneConfig},
 * {@link ApiConfig} and {@link WorkerIsolation} read through them, and the settings table of control-plane/README.md
 * is generated from {@link #ALL} and {@link #SECURITY} ({@code ControlPlaneSettingsReadmeTest}). The worker settings it passes through are
 * the workers' own ({@link WorkerPassThrough}).
 */
public final class ControlPlaneDefinitions {

    private static final String LOCAL_KAFKA = "127.0.0.1:9092";
    private static final String SECRETS_DIR = "/var/lib/kg-rca/secrets";

    /** The control plane's brokers and Kafka security settings, also passed on to workers. */
    public static final Setting<KafkaSettings> KAFKA = Setting.of("KAFKA_BROKERS", "`host:port[,host:port]`",
            LOCAL_KAFKA, null, "plus the `KAFKA_SECURITY_PROTOCOL`, `KAFKA_SASL_*`, `KAFKA_SSL_*` variables of "
                    + "`common`, passed on to workers", env -> KafkaSettings.fromEnv(env, LOCAL_KAFKA));
    /** The workers' own SASL user, with {@link #WORKER_KAFKA_SASL_PASSWORD} (both or neither). */
    public static final Setting<String> WORKER_KAFKA_SASL_USERNAME = Setting.string("WORKER_KAFKA_SASL_USERNAME",
            null, "the SASL user the workers get instead of the control plane's (their own principal, ACLs for "
                    + "workers only); with `WORKER_KAFKA_SASL_PASSWORD`, both or neither");
    /** The workers' own SASL password. */
    public static final Setting<String> WORKER_KAFKA_SASL_PASSWORD = Setting.string("WORKER_KAFKA_SASL_PASSWORD",
            null, "its password; may be given as `WORKER_KAFKA_SASL_PASSWORD_FILE`");
    /** Silence after which a tenant is stale. */
    public static final Setting<Duration> HEARTBEAT_TIMEOUT = Setting.duration("HEARTBEAT_TIMEOUT",
            Duration.ofMinutes(2), "silence after which a tenant is STALE");
    /** Silence after which a tenant is dead; never shorter than {@link #HEARTBEAT_TIMEOUT}. */
    public static final Setting<Duration> CLEANUP_TIMEOUT = Setting.of("CLEANUP_TIMEOUT", "duration", "5m",
            Duration.ofMinutes(5), "silence after which a tenant is DEAD; at least `HEARTBEAT_TIMEOUT`", env -> {
                Duration heartbeat = HEARTBEAT_TIMEOUT.read(env);
                Duration cleanup = env.duration("CLEANUP_TIMEOUT", Duration.ofMinutes(5));
                if (cleanup.compareTo(heartbeat) < 0) {
                    throw new InvalidConfigurationException("CLEANUP_TIMEOUT",
                            "must not be shorter than HEARTBEAT_TIMEOUT (" + heartbeat + ")");
                }
                return cleanup;
            });
    /** After a start, every tenant counts as seen at the start time for this long. */
    public static final Setting<Duration> STARTUP_GRACE = Setting.of("STARTUP_GRACE", "duration",
            "HEARTBEAT_TIMEOUT", null, "after a start, every tenant counts as seen at the start",
            env -> env.duration("STARTUP_GRACE", HEARTBEAT_TIMEOUT.read(env)));
    /** The periodic resync. */
    public static final Setting<Duration> RECONCILE_INTERVAL = Setting.duration("RECONCILE_INTERVAL",
            Duration.ofSeconds(30), "periodic resync");
    /** The event normalizers' image. */
    public static final Setting<String> EVENT_NORMALIZER_IMAGE = image("EVENT_NORMALIZER_IMAGE",
            KgImage.EVENT_NORMALIZER);
    /** The log normalizers' image. */
    public static final Setting<String> LOG_NORMALIZER_IMAGE = image("LOG_NORMALIZER_IMAGE", KgImage.LOG_NORMALIZER);
    /** The graph builders' image. */
    public static final Setting<String> GRAPH_BUILDER_IMAGE = image("GRAPH_BUILDER_IMAGE", KgImage.GRAPH_BUILDER);
    /** The workers' network. */
    public static final Setting<String> DOCKER_NETWORK = Setting.string("DOCKER_NETWORK", "host",
            "network mode or network name of the workers");
    /** The Docker engine: read by docker-java itself, documented here. */
    public static final Setting<String> DOCKER_HOST = Setting.string("DOCKER_HOST", "unix:///var/run/docker.sock",
            "the engine (docker-java's variable, read by docker-java)");
    /** The graph builders' Neo4j server. */
    public static final Setting<String> NEO4J_URI = forGraphBuilders(WorkerDefinitions.NEO4J_URI);
    /** The graph builders' Neo4j user. */
    public static final Setting<String> NEO4J_USER = forGraphBuilders(WorkerDefinitions.NEO4J_USER);
    /** The graph builders' Neo4j password. */
    public static final Setting<String> NEO4J_PASSWORD = forGraphBuilders(WorkerDefinitions.NEO4J_PASSWORD);
    /** The graph builders' shared database. */
    public static final Setting<String> NEO4J_DATABASE = forGraphBuilders(WorkerDefinitions.NEO4J_DATABASE);
    /** Memory per worker, in bytes. */
    public static final Setting<Long> WORKER_MEMORY_LIMIT = Setting.of("WORKER_MEMORY_LIMIT",
            "size (`384m`, `1g`), at least 32m", "384m", 384L * 1024 * 1024, "per worker",
            env -> parseBytes("WORKER_MEMORY_LIMIT", env.string("WORKER_MEMORY_LIMIT", "384m")));
    /** Cores per worker. */
    public static final Setting<Double> WORKER_CPU_LIMIT = Setting.decimal("WORKER_CPU_LIMIT", 0.5, 0.01, 64,
            "cores per worker");
    /** The ports of the workers' health and metrics endpoints: {@code {first, last}}. */
    public static final Setting<int[]> WORKER_PORT_RANGE = Setting.of("WORKER_PORT_RANGE",
            "`first-last` within 1024–65535", "20000-29999", new int[]{20000, 29999},
            "ports of the workers' health and metrics endpoints",
            env -> parseRange(env.string("WORKER_PORT_RANGE", "20000-29999")));
    /** Where workers serve health and metrics. */
    public static final Setting<String> WORKER_BIND_ADDRESS = loopback("WORKER_BIND_ADDRESS",
            "where workers serve their health and metrics (open, hence loopback only)");
    /** SIGTERM to SIGKILL. */
    public static final Setting<Duration> WORKER_STOP_GRACE = Setting.duration("WORKER_STOP_GRACE",
            Duration.ofSeconds(10), "SIGTERM to SIGKILL");
    /** The first wait before a respawn. */
    public static final Setting<Duration> RESTART_BACKOFF_INITIAL = Setting.duration("RESTART_BACKOFF_INITIAL",
            Duration.ofSeconds(2), "crash-loop backoff: the first wait before a respawn");
    /** The cap of the respawn wait. */
    public static final Setting<Duration> RESTART_BACKOFF_MAX = Setting.duration("RESTART_BACKOFF_MAX",
            Duration.ofMinutes(5), "crash-loop backoff: its cap");
    /** Restarts within {@link #RESTART_WINDOW} before a worker is FAILED. */
    public static final Setting<Integer> MAX_RESTARTS = Setting.integer("MAX_RESTARTS", 5, 1, 1000,
            "restarts within `RESTART_WINDOW` after which a worker is FAILED");
    /** The window restarts are counted in. */
    public static final Setting<Duration> RESTART_WINDOW = Setting.duration("RESTART_WINDOW",
            Duration.ofMinutes(10), "the window in which restarts are counted");
    /** A worker that ran this long has its history forgotten. */
    public static final Setting<Duration> STABLE_AFTER = Setting.duration("STABLE_AFTER", Duration.ofMinutes(2),
            "a worker that ran this long has its restart history forgotten");
    /** The spawn rate limit. */
    public static final Setting<Double> SPAWN_RATE_PER_SECOND = Setting.decimal("SPAWN_RATE_PER_SECOND", 5, 0.01,
            1000, "spawn rate limit: worker starts per second");
    /** The spawn burst. */
    public static final Setting<Integer> SPAWN_BURST = Setting.integer("SPAWN_BURST", 15, 1, 10_000,
            "spawn rate limit: starts allowed at once");
    /** Reconciles in parallel. */
    public static final Setting<Integer> RECONCILE_THREADS = Setting.integer("RECONCILE_THREADS", 4, 1, 64,
            "reconciles in parallel (never two for one tenant)");
    /** Where health, metrics and the status API listen. */
    public static final Setting<String> HTTP_BIND_ADDRESS = loopback("HTTP_BIND_ADDRESS",
            "health, metrics, `/api/sd` (open) and the status API (token); loopback only");
    /** Their port. */
    public static final Setting<Integer> HTTP_PORT = Setting.integer("HTTP_PORT", 9090, 0, 65535,
            "the port of `HTTP_BIND_ADDRESS`");
    /** The operator token's file. */
    public static final Setting<String> API_TOKEN_FILE = Setting.string("API_TOKEN_FILE",
            "/var/lib/kg-rca/api-token", "the operator token; generated there (0600) at the first start when absent");
    /** The API-only listener's address. */
    public static final Setting<String> API_BIND_ADDRESS = Setting.string("API_BIND_ADDRESS", "127.0.0.1",
            "an extra, API-only listener (no health, no metrics); not loopback requires `API_TLS_*`");
    /** The API-only listener's port; -1 when unset (no such listener). */
    public static final Setting<Integer> API_PORT = Setting.of("API_PORT", "integer 0–65535", "unset", -1,
            "the API-only listener's port; unset = no such listener", env -> env.integer("API_PORT", -1, 0, 65535));
    /** HTTPS on the API-only listener, with {@link #API_TLS_KEYSTORE_PASSWORD_FILE}; null when unset. */
    public static final Setting<TlsSettings> API_TLS_KEYSTORE_FILE = Setting.of("API_TLS_KEYSTORE_FILE", "path",
            "unset", null, "HTTPS on the API-only listener (PKCS#12 or JKS); required when `API_BIND_ADDRESS` is "
                    + "not loopback", env -> TlsSettings.fromEnv(env, "API").orElse(null));
    /** The key store's password file: read with {@link #API_TLS_KEYSTORE_FILE} (common's {@code TlsSettings}). */
    public static final Setting<String> API_TLS_KEYSTORE_PASSWORD_FILE = Setting.string(
            "API_TLS_KEYSTORE_PASSWORD_FILE", null, "the key store's password, in a file; read with "
                    + "`API_TLS_KEYSTORE_FILE`");
    /** Where the workers' secret files are written, as the control plane sees it. */
    public static final Setting<Path> WORKER_SECRETS_DIR = Setting.of("WORKER_SECRETS_DIR", "absolute path",
            SECRETS_DIR, Path.of(SECRETS_DIR), "where each worker's secret files are "
                    + "written (`<dir>/<container name>/`), as the control plane sees it",
            env -> absolute("WORKER_SECRETS_DIR", env.string("WORKER_SECRETS_DIR", SECRETS_DIR)));
    /** The same directory as the Docker engine sees it. */
    public static final Setting<Path> WORKER_SECRETS_HOST_DIR = Setting.of("WORKER_SECRETS_HOST_DIR",
            "absolute path", "WORKER_SECRETS_DIR", null, "the same directory as the Docker engine sees it (when the "
                    + "control plane runs in a container with the directory mounted elsewhere)",
            env -> absolute("WORKER_SECRETS_HOST_DIR",
                    env.string("WORKER_SECRETS_HOST_DIR", WORKER_SECRETS_DIR.read(env).toString())));
    /** The user workers run as. */
    public static final Setting<Integer> WORKER_UID = Setting.integer("WORKER_UID", 10001, 1, Integer.MAX_VALUE,
            "the user workers run as (the images' `USER`) and the owner of their secret files");
    /** Processes and threads per worker container. */
    public static final Setting<Integer> WORKER_PIDS_LIMIT = Setting.integer("WORKER_PIDS_LIMIT", 256, 32, 100_000,
            "processes and threads per worker container");
    /** The size of each worker's tmpfs, in bytes. */
    public static final Setting<Long> WORKER_TMP_SIZE = Setting.of("WORKER_TMP_SIZE", "size 8m–4g", "64m",
            64L * 1024 * 1024, "the size of each worker's tmpfs `/tmp` (the root filesystem is read-only)",
            env -> tmpBytes(env.string("WORKER_TMP_SIZE", "64m")));
    /** The value of the workers' {@code io.kgrca.managed-by} label. */
    public static final Setting<String> CONTROL_PLANE_NAME = Setting.matching("CONTROL_PLANE_NAME",
            "kg-control-plane", "[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?",
            "1-63 lower-case letters, digits, dots and dashes", "value of the `io.kgrca.managed-by` label of the "
                    + "workers; each control plane on an engine needs its own");
    /** Create missing topics at start. */
    public static final Setting<Boolean> PROVISION_TOPICS = Setting.bool("PROVISION_TOPICS", true,
            "create missing topics at start; report (never change) drift");
    /** The replication factor of the topics created. */
    public static final Setting<Integer> TOPIC_REPLICATION_FACTOR = Setting.integer("TOPIC_REPLICATION_FACTOR", 1,
            1, 7, "replication factor of the topics it creates");
    /** {@code docker} or {@code process}. */
    public static final Setting<String> WORKER_RUNTIME = Setting.of("WORKER_RUNTIME", "docker \\| process",
            "docker", "docker", "`docker`, or `process` to run workers as child processes (no Docker needed)",
            env -> {
                String runtime = env.string("WORKER_RUNTIME", "docker");
                if (!runtime.equals("docker") && !runtime.equals("process")) {
                    throw new InvalidConfigurationException("WORKER_RUNTIME", "'" + runtime
                            + "' is not docker or process");
                }
                return runtime;
            });
    /** The process runtime's state directory. */
    public static final Setting<String> WORKER_STATE_DIR = Setting.string("WORKER_STATE_DIR",
            "/var/lib/kg-rca/workers", "`process` runtime: each worker's identity (`<name>.json`) and output "
                    + "(`<name>.log`)");
    /** The process runtime's event normalizer command. */
    public static final Setting<String> EVENT_NORMALIZER_COMMAND = command("EVENT_NORMALIZER_COMMAND");
    /** The process runtime's log normalizer command. */
    public static final Setting<String> LOG_NORMALIZER_COMMAND = command("LOG_NORMALIZER_COMMAND");
    /** The process runtime's graph builder command. */
    public static final Setting<String> GRAPH_BUILDER_COMMAND = command("GRAPH_BUILDER_COMMAND");
    /** {@code open} (true) or {@code provisioned} (false). */
    public static final Setting<Boolean> ADMISSION = Setting.of("ADMISSION", "provisioned \\| open", "provisioned",
            false, "`provisioned`: only tenants on `cluster.tenants` are admitted; `open`: any valid id (local mode, "
                    + "tests)", env -> {
                String mode = env.string("ADMISSION", "provisioned");
                if (!mode.equals("open") && !mode.equals("provisioned")) {
                    throw new InvalidConfigurationException("ADMISSION", "'" + mode + "' is not open or provisioned");
                }
                return mode.equals("open");
            });
    /** Registered tenants beyond this are refused. */
    public static final Setting<Integer> MAX_TENANTS = Setting.integer("MAX_TENANTS", 500, 1, 100_000,
            "registered tenants beyond this are refused (`tenant limit reached`)");
    /** How long a dead, cleaned-up tenant is remembered; zero forgets it at once. */
    public static final Setting<Duration> DEAD_TENANT_RETENTION = Setting.of("DEAD_TENANT_RETENTION",
            "duration, or `0`", "1h", Duration.ofHours(1), "how long a dead, cleaned-up tenant stays in the status "
                    + "API; `0` = forget at once",
            // Env.duration refuses zero, which here means "forget at once".
            env -> env.string("DEAD_TENANT_RETENTION", "1h").trim().matches("0+(ms|s|m|h)?") ? Duration.ZERO
                    : env.duration("DEAD_TENANT_RETENTION", Duration.ofHours(1)));

    // --- placement (issue 14, cp-placement) ---
    /** The placement of a tenant whose provision names none. */
    public static final Setting<PlacementMode> DEFAULT_PLACEMENT = Setting.of("DEFAULT_PLACEMENT",
            "shared \\| dedicated", "shared", PlacementMode.SHARED, "placement of a tenant whose provision names none "
                    + "(`tenant add --placement`): `shared` (the pools) or `dedicated` (its own three workers)",
            env -> {
                try {
                    return PlacementMode.parse(env.string("DEFAULT_PLACEMENT", "shared"));
                } catch (IllegalArgumentException e) {
                    throw new InvalidConfigurationException("DEFAULT_PLACEMENT", e.getMessage());
                }
            });
    /** How far ahead of its write a move's handoff time is set. */
    public static final Setting<Duration> PLACEMENT_LEAD = Setting.duration("PLACEMENT_LEAD", Duration.ofSeconds(10),
            "a move's handoff broker time is this far after its write (longer than a follower's delay)");
    /** The handoff overlap, passed to every worker. */
    public static final Setting<Duration> PLACEMENT_OVERLAP = Setting.duration("PLACEMENT_OVERLAP",
            Duration.ofSeconds(30), "handoff overlap: both sides of a move process the tenant's records this long "
                    + "around the handoff time (passed to every worker)");
    /** The record rate above which a shared tenant is promoted; 0 turns promotion off. */
    public static final Setting<Double> PROMOTE_RECORDS_PER_SECOND = Setting.decimal("PROMOTE_RECORDS_PER_SECOND",
            200, 0, 1_000_000, "a shared tenant above this many records/s for `PROMOTE_AFTER` is moved to dedicated; "
                    + "0 = never");
    /** How long the rate must stay above the threshold. */
    public static final Setting<Duration> PROMOTE_AFTER = Setting.duration("PROMOTE_AFTER", Duration.ofMinutes(10),
            "how long a shared tenant's rate must stay above `PROMOTE_RECORDS_PER_SECOND`");
    // --- end placement ---

    /** The control plane's principal, which {@code service-acls} grants its ACLs. */
    public static final Setting<String> KAFKA_CONTROL_PLANE_USER = Setting.string("KAFKA_CONTROL_PLANE_USER",
            "kg-control-plane", "`service-acls`: the control plane's principal");
    /** The workers' principals, comma-separated. */
    public static final Setting<String> KAFKA_WORKER_USERS = Setting.string("KAFKA_WORKER_USERS", "kg-worker",
            "`service-acls`: the workers' principals, comma-separated");
    /** Whether the control plane creates and revokes tenant principals. */
    public static final Setting<Boolean> KAFKA_CONTROL_PLANE_MANAGES_PRINCIPALS = Setting.bool(
            "KAFKA_CONTROL_PLANE_MANAGES_PRINCIPALS", false, "`service-acls` grants the control plane what it "
                    + "needs to manage tenant principals, and `tenant add` / `tenant remove` create / revoke them");
    /** Topics a tenant principal may read besides writing its own, comma-separated. */
    public static final Setting<String> KAFKA_TENANT_READ_TOPICS = Setting.string("KAFKA_TENANT_READ_TOPICS", "",
            "tenant principals: topics they may read, comma-separated (opt-in: `cluster.registry.replies`)");
    /** The produce quota of a tenant principal; 0 for none. */
    public static final Setting<Integer> KAFKA_TENANT_PRODUCE_BYTE_RATE = Setting.integer(
            "KAFKA_TENANT_PRODUCE_BYTE_RATE", 0, 0, Integer.MAX_VALUE,
            "tenant principals: produce quota in bytes/s (`producer_byte_rate`); 0 = none");

    /** Every setting of the control plane, in the order of its README table. */
    public static final SettingSet ALL = new SettingSet("control-plane", List.of(KAFKA, WORKER_KAFKA_SASL_USERNAME,
            WORKER_KAFKA_SASL_PASSWORD, HEARTBEAT_TIMEOUT,
            CLEANUP_TIMEOUT, STARTUP_GRACE, RECONCILE_INTERVAL, EVENT_NORMALIZER_IMAGE, LOG_NORMALIZER_IMAGE,
            GRAPH_BUILDER_IMAGE, DOCKER_NETWORK, DOCKER_HOST, NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE,
            WORKER_MEMORY_LIMIT, WORKER_CPU_LIMIT, WORKER_PORT_RANGE, WORKER_BIND_ADDRESS, WORKER_STOP_GRACE,
            RESTART_BACKOFF_INITIAL, RESTART_BACKOFF_MAX, MAX_RESTARTS, RESTART_WINDOW, STABLE_AFTER,
            SPAWN_RATE_PER_SECOND, SPAWN_BURST, RECONCILE_THREADS, HTTP_BIND_ADDRESS, HTTP_PORT, API_TOKEN_FILE,
            API_BIND_ADDRESS, API_PORT, API_TLS_KEYSTORE_FILE, API_TLS_KEYSTORE_PASSWORD_FILE, WORKER_SECRETS_DIR,
            WORKER_SECRETS_HOST_DIR, WORKER_UID, WORKER_PIDS_LIMIT, WORKER_TMP_SIZE, CONTROL_PLANE_NAME,
            PROVISION_TOPICS, TOPIC_REPLICATION_FACTOR, WORKER_RUNTIME, WORKER_STATE_DIR, EVENT_NORMALIZER_COMMAND,
            LOG_NORMALIZER_COMMAND, GRAPH_BUILDER_COMMAND, ADMISSION, MAX_TENANTS, DEAD_TENANT_RETENTION,
            DEFAULT_PLACEMENT, PLACEMENT_LEAD, PLACEMENT_OVERLAP, PROMOTE_RECORDS_PER_SECOND, PROMOTE_AFTER));

    /** The settings of the Kafka security operator commands ({@code KafkaSecurityMain}, {@code tenant add}). */
    public static final SettingSet SECURITY = new SettingSet("kafka-security", List.of(KAFKA_CONTROL_PLANE_USER,
            KAFKA_WORKER_USERS, KAFKA_CONTROL_PLANE_MANAGES_PRINCIPALS, KAFKA_TENANT_READ_TOPICS,
            KAFKA_TENANT_PRODUCE_BYTE_RATE));

    // ---- Pools of shared placement (issue 14): one pool of instances per worker kind ----
    /** The fewest instances per pool. */
    public static final Setting<Integer> POOL_MIN = Setting.integer("POOL_MIN", 0, 0, 100,
            "pools: the fewest instances per worker kind (0: no instance while no tenant is shared)");
    /** The most instances per pool; never above the partitions of the kind's input topics. */
    public static final Setting<Integer> POOL_MAX = Setting.of("POOL_MAX", "integer 1–100, at least `POOL_MIN`", "8",
            8, "pools: the most instances per worker kind (also never above the partition count of its largest "
                    + "input topic)", env -> {
                int max = env.integer("POOL_MAX", 8, 1, 100);
                if (max < POOL_MIN.read(env)) {
                    throw new InvalidConfigurationException("POOL_MAX", "must not be below POOL_MIN");
                }
                return max;
            });
    /** Shared tenants one instance is sized for. */
    public static final Setting<Integer> POOL_TENANTS_PER_INSTANCE = Setting.integer("POOL_TENANTS_PER_INSTANCE",
            250, 1, 100_000, "pools: shared tenants per instance (demand = ceil(tenants / this))");
    /** Consumer lag one instance is sized for. */
    public static final Setting<Integer> POOL_LAG_PER_INSTANCE = Setting.integer("POOL_LAG_PER_INSTANCE", 50_000,
            1, Integer.MAX_VALUE, "pools: records of consumer lag per instance (demand = ceil(lag / this))");
    /** How long demand must stay lower before one instance is removed. */
    public static final Setting<Duration> POOL_SCALE_DOWN_AFTER = Setting.duration("POOL_SCALE_DOWN_AFTER",
            Duration.ofMinutes(5), "pools: lower demand for this long removes one instance (the highest index); "
                    + "higher demand adds instances at once");
    /** Memory per pool instance, in bytes. */
    public static final Setting<Long> POOL_MEMORY = Setting.of("POOL_MEMORY", "size (`768m`, `1g`), at least 32m",
            "1g", 1024L * 1024 * 1024, "pools: memory per instance (sized for many tenants)",
            env -> parseBytes("POOL_MEMORY", env.string("POOL_MEMORY", "1g")));
    /** Cores per pool instance. */
    public static final Setting<Double> POOL_CPUS = Setting.decimal("POOL_CPUS", 1.0, 0.01, 64,
            "pools: cores per instance");
    /** The first port of the pool instances' health, metrics and {@code /pool/tenants} endpoints. */
    public static final Setting<Integer> POOL_PORT_BASE = Setting.integer("POOL_PORT_BASE", 19100, 1024, 65235,
            "pools: instance `n` of a kind serves health, metrics and `/pool/tenants` on "
                    + "`POOL_PORT_BASE + 100 × slot + n` (slot: event-normalizer 0, log-normalizer 1, graph-builder 2); "
                    + "keep it outside `WORKER_PORT_RANGE`");
    /** How often the pools are reconciled. */
    public static final Setting<Duration> POOL_RECONCILE_INTERVAL = Setting.duration("POOL_RECONCILE_INTERVAL",
            Duration.ofSeconds(10), "pools: how often they are reconciled (crashed instances respawned, scaled)");

    /** The pools' settings, in the order of their README table. */
    public static final SettingSet POOLS = new SettingSet("pools", List.of(POOL_MIN, POOL_MAX,
            POOL_TENANTS_PER_INSTANCE, POOL_LAG_PER_INSTANCE, POOL_SCALE_DOWN_AFTER, POOL_MEMORY, POOL_CPUS,
            POOL_PORT_BASE, POOL_RECONCILE_INTERVAL));
    // ---- end of pools ----

    private ControlPlaneDefinitions() {
    }

    private static Setting<String> image(String name, KgImage image) {
        return Setting.of(name, "image reference", "this build's `" + image.repository() + "` (`KgImage`)",
                image.reference(), "the image of the " + image.repository().replaceFirst("^kg-", "") + " workers",
                env -> env.string(name, image.reference()));
    }

    private static Setting<String> forGraphBuilders(Setting<String> worker) {
        return Setting.of(worker.name(), worker.type(), worker.defaultText(), worker.defaultValue(),
                "always given to graph builders, read with the graph-builder's own definition: " + worker.doc(),
                worker::read);
    }

    private static Setting<String> command(String name) {
        return Setting.of(name, "command line", "required with `process`", null,
                "`process` runtime: the worker's command line, split on blanks", env -> env.required(name));
    }

    /** Health and metrics are served without a token, so their listeners must be loopback only. */
    private static Setting<String> loopback(String name, String doc) {
        return Setting.of(name, "loopback address", "127.0.0.1", "127.0.0.1", doc, env -> {
            String address = env.string(name, "127.0.0.1");
            if (!BindAddress.isLoopback(address)) {
                throw new InvalidConfigurationException(name, "'" + address + "' is not a loopback address: health "
                        + "and metrics are served there without a token (expose the API with API_BIND_ADDRESS, "
                        + "API_PORT and API_TLS_*)");
            }
            return address;
        });
    }

    private static Path absolute(String name, String text) {
        Path path = Path.of(text);
        if (!path.isAbsolute()) {
            throw new InvalidConfigurationException(name, "must be an absolute path");
        }
        return path;
    }

    static int[] parseRange(String range) {
        String[] parts = range.split("-");
        try {
            int lo = Integer.parseInt(parts[0].trim());
            int hi = Integer.parseInt(parts[1].trim());
            if (parts.length != 2 || lo < 1024 || hi > 65535 || hi - lo < 2) {
                throw new NumberFormatException();
            }
            return new int[]{lo, hi};
        } catch (RuntimeException e) {
            throw new InvalidConfigurationException("WORKER_PORT_RANGE", "'" + range
                    + "' is not a range like 20000-29999 within 1024-65535");
        }
    }

    static long parseBytes(String name, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
            unit = switch (t.charAt(t.length() - 1)) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                default -> 1024L * 1024 * 1024;
            };
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t) * unit;
            if (v < 32L * 1024 * 1024) {
                throw new InvalidConfigurationException(name, "'" + text + "' is below 32m");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException(name, "'" + text + "' is not a size such as 384m or 1g");
        }
    }

    private static long tmpBytes(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            long v = t.endsWith("m") ? Long.parseLong(t.substring(0, t.length() - 1)) * 1024 * 1024
                    : t.endsWith("g") ? Long.parseLong(t.substring(0, t.length() - 1)) * 1024 * 1024 * 1024
                    : Long.parseLong(t);
            if (v < 8L * 1024 * 1024 || v > 4L * 1024 * 1024 * 1024) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException("WORKER_TMP_SIZE", "'" + text + "' is not a size within 8m-4g");
        }
    }
}
