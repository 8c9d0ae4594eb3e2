package io.kgrca.common.config;

import io.kgrca.common.config.Setting.Source;
import io.kgrca.common.model.Severity;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every worker setting, defined once. Each worker reads its settings through these definitions, and the control
 * plane validates and passes through the same ones (the {@link Source#PASSED} settings), so a default or a rule
 * cannot differ between the two. The module READMEs' tables are generated from {@link #all()}
 * ({@code SettingsReadme}).
 */
public final class WorkerDefinitions {

    // ---- the worker loop, shared by every worker ----

    /** The tenant. */
    public static final Setting<String> CLIENT_ID = Setting.of("CLIENT_ID", "text", "required", null,
            "the tenant of a dedicated worker; must match `[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?`; must be unset in "
                    + "shared placement (`PLACEMENT=shared`)", WorkerDefinitions::clientId).from(Source.CONTROL_PLANE);
    /** Dedicated (one tenant) or shared (a pool instance). */
    public static final Setting<String> PLACEMENT = Setting.choice("PLACEMENT", "dedicated",
            List.of("dedicated", "shared"), "`dedicated`: the tenant's own worker (`CLIENT_ID` required); `shared`: "
                    + "an instance of the worker kind's pool (`CLIENT_ID` unset, `GROUP_INSTANCE_ID` "
                    + "`<worker>.pool-<n>` required)").from(Source.CONTROL_PLANE);
    /** The handoff overlap. */
    public static final Setting<Duration> PLACEMENT_OVERLAP = Setting.duration("PLACEMENT_OVERLAP",
            Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofHours(1),
            "on a move between placements both sides process the tenant's records this long before and after the "
                    + "handoff's broker time (the idempotent sinks absorb the duplicates)");
    /** How long a pool holds a partition for a tenant it has no placement for yet. */
    public static final Setting<Duration> PLACEMENT_WAIT = Setting.duration("PLACEMENT_WAIT",
            Duration.ofSeconds(15), Duration.ofMillis(1), Duration.ofMinutes(10),
            "a pool instance pauses a partition on a record of a tenant without a placement until this long after "
                    + "the broker timestamp of the first such record it sees; then that tenant's records are skipped "
                    + "as `unplaced`");
    /** Live per-tenant processors of one pool instance. */
    public static final Setting<Integer> POOL_MAX_TENANTS = Setting.integer("POOL_MAX_TENANTS", 2000, 1, 1_000_000,
            "per pool instance, at most this many live per-tenant processors (the least recently used is closed; "
                    + "its state is rebuilt on demand)");
    /** Idle per-tenant processors are closed. */
    public static final Setting<Duration> POOL_IDLE_EVICT = Setting.duration("POOL_IDLE_EVICT",
            Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofDays(1),
            "a pool instance closes the processor of a tenant that had no record for this long");
    /** Records of one tenant a pool instance processes per turn. */
    public static final Setting<Integer> POOL_TENANT_SLICE = Setting.integer("POOL_TENANT_SLICE", 20, 0, 100_000,
            "a pool instance queues what it reads per tenant and processes at most this many records of each "
                    + "tenant per turn, the quietest tenants first, so a flooding tenant delays the others by one "
                    + "slice rather than by its whole burst; a tenant alone in the queue gets up to "
                    + "`MAX_POLL_RECORDS` per turn (0: each poll whole, in offset order)");
    /** What a pool instance may hold read and not processed. */
    public static final Setting<Integer> POOL_BACKLOG_MIB = Setting.integer("POOL_BACKLOG_MIB", 64, 1, 65_536,
            "a pool instance reads ahead, through a flooding tenant's burst to the other tenants' records behind it, "
                    + "until this many MiB of records (keys and values) are queued; then it pauses reading until "
                    + "they are processed");
    /** The brokers; the security variables of {@code KafkaSettings} go with it. */
    public static final Setting<String> KAFKA_BROKERS = Setting.required("KAFKA_BROKERS",
            "`host:port[,host:port]`; with `KAFKA_SECURITY_PROTOCOL`, `KAFKA_SASL_*`, `KAFKA_SSL_*` (common's "
                    + "`KafkaSettings`), which the control plane sets from its own (the SASL user from "
                    + "`WORKER_KAFKA_SASL_*`); passwords arrive as `<NAME>_FILE`").from(Source.CONTROL_PLANE);
    /** Overrides the worker's topics. */
    public static final Setting<String> INPUT_TOPICS = Setting.of("INPUT_TOPICS", "comma-separated topics",
            "the worker's own", null, "the topics the worker reads",
            env -> env.optional("INPUT_TOPICS").orElse(null)).from(Source.BY_HAND);
    /** The health and metrics port. */
    public static final Setting<Integer> METRICS_PORT = Setting.integer("METRICS_PORT", 0, 0, 65535,
            "port of `/healthz`, `/readyz`, `/metrics` (0: a free port, logged); from `WORKER_PORT_RANGE`")
            .from(Source.CONTROL_PLANE);
    /** Where the health and metrics endpoint listens. */
    public static final Setting<String> HTTP_BIND_ADDRESS = Setting.string("HTTP_BIND_ADDRESS", "127.0.0.1",
            "where the health and metrics endpoint listens; from `WORKER_BIND_ADDRESS`").from(Source.CONTROL_PLANE);
    /** Larger record values are dead-lettered unparsed. */
    public static final Setting<Integer> MAX_RECORD_BYTES = Setting.integer("MAX_RECORD_BYTES", 512 * 1024, 1024,
            4 * 1024 * 1024, "larger values are dead-lettered as `oversized` without being parsed");
    /** Records per poll for the normalizers. */
    public static final Setting<Integer> MAX_POLL_RECORDS = maxPollRecords(500,
            "records per poll, hence per batch and commit");
    /** Records per poll for the graph-builder: one poll is one Neo4j transaction. */
    public static final Setting<Integer> GRAPH_MAX_POLL_RECORDS = maxPollRecords(2000,
            "records per poll, i.e. per Neo4j transaction (larger, fewer transactions: docs/benchmarks.md)");
    /** One poll's wait. */
    public static final Setting<Duration> POLL_TIMEOUT = Setting.duration("POLL_TIMEOUT", Duration.ofMillis(500),
            "one poll's wait");
    /** Bound on a graceful stop. */
    public static final Setting<Duration> SHUTDOWN_TIMEOUT = Setting.duration("SHUTDOWN_TIMEOUT",
            Duration.ofSeconds(20), "on SIGTERM: finish the batch in hand, commit, close within this");
    /** The cap of the sink retry backoff. */
    public static final Setting<Duration> SINK_BACKOFF_MAX = Setting.duration("SINK_BACKOFF_MAX",
            Duration.ofSeconds(5), Duration.ofMillis(1), Duration.ofMinutes(5),
            "longest wait between retries of a batch whose sink (Kafka, Neo4j) is unavailable");
    /** Static group membership. */
    public static final Setting<String> GROUP_INSTANCE_ID = Setting.of("GROUP_INSTANCE_ID",
            "1–249 of `[a-zA-Z0-9._-]`, or `none`", "<worker>-<client>", null,
            "static group membership (a replacement takes over at once); `none` turns it off; required in shared "
                    + "placement, where the control plane sets `<worker>.pool-<n>`",
            env -> {
                Optional<String> id = env.optional("GROUP_INSTANCE_ID");
                if (id.isPresent() && !id.get().equalsIgnoreCase("none")
                        && !id.get().matches("[a-zA-Z0-9._-]{1,249}")) {
                    throw new InvalidConfigurationException("GROUP_INSTANCE_ID", "'" + id.get()
                            + "' is not 1 to 249 of [a-zA-Z0-9._-], nor 'none'");
                }
                return id.orElse(null);
            }).from(Source.BY_HAND);
    /** How long a dead, unreplaced member keeps its partitions. */
    public static final Setting<Duration> SESSION_TIMEOUT = Setting.duration("SESSION_TIMEOUT",
            Duration.ofSeconds(15), Duration.ofSeconds(6), Duration.ofMinutes(5),
            "how long a dead, unreplaced worker's partitions wait before they move");
    /** The accepted lead of a record's own time over its broker timestamp. */
    public static final Setting<Duration> TIME_WINDOW_AHEAD = Setting.duration("TIME_WINDOW_AHEAD",
            Duration.ofMinutes(10), "a record whose own time is this much after its broker timestamp is "
                    + "dead-lettered as `time-out-of-window`");
    /** The accepted lag of a record's own time behind its broker timestamp. */
    public static final Setting<Duration> TIME_WINDOW_BEHIND = Setting.duration("TIME_WINDOW_BEHIND",
            Duration.ofDays(366), "likewise, this much before it");

    // ---- log-normalizer ----

    /** Records below this level are dropped. */
    public static final Setting<Severity> LOG_MIN_LEVEL = Setting.of("LOG_MIN_LEVEL",
            "DEBUG, INFO, WARNING or WARN, ERROR, CRITICAL", "WARNING", Severity.WARNING,
            "records below this severity are dropped", WorkerDefinitions::minLevel);
    /** The message is cut to this length. */
    public static final Setting<Integer> LOG_MAX_MESSAGE_CHARS = Setting.integer("LOG_MAX_MESSAGE_CHARS", 1000, 80,
            64 * 1024, "the message is cut to this length");
    /** Stack trace lines kept. */
    public static final Setting<Integer> LOG_MAX_TRACE_LINES = Setting.integer("LOG_MAX_TRACE_LINES", 200, 1, 10_000,
            "stack trace lines kept in one record (the count is kept in `line_count`)");
    /** Stack trace characters kept. */
    public static final Setting<Integer> LOG_MAX_TRACE_CHARS = Setting.integer("LOG_MAX_TRACE_CHARS", 16 * 1024, 256,
            256 * 1024, "stack trace characters kept in one record");
    /** Streams remembered across polls. */
    public static final Setting<Integer> LOG_CARRY_STREAMS = Setting.integer("LOG_CARRY_STREAMS", 10_000, 0,
            1_000_000, "containers whose last record is remembered across polls, so that a trace cut by a poll "
                    + "boundary is still joined (0 disables)");
    /** The longest gap before a continuation line. */
    public static final Setting<Duration> LOG_CARRY_WINDOW = Setting.duration("LOG_CARRY_WINDOW",
            Duration.ofSeconds(30), "a continuation line later than this (by the lines' own timestamps) after the "
                    + "record it would continue starts a record of its own");

    // ---- graph-builder ----

    /** Where Neo4j is. */
    public static final Setting<String> NEO4J_URI = Setting.of("NEO4J_URI",
            "bolt, bolt+s, bolt+ssc, neo4j, neo4j+s, neo4j+ssc URI", "bolt://127.0.0.1:7687",
            "bolt://127.0.0.1:7687", "the Neo4j server", WorkerDefinitions::neo4jUri);
    /** The Neo4j user. */
    public static final Setting<String> NEO4J_USER = Setting.string("NEO4J_USER", "neo4j",
            "the Neo4j user (no authentication when `NEO4J_PASSWORD` is empty)");
    /** The Neo4j password (a secret: a file for workers). */
    public static final Setting<String> NEO4J_PASSWORD = Setting.string("NEO4J_PASSWORD", "",
            "the Neo4j password; the control plane hands it over as a 0400 file (`NEO4J_PASSWORD_FILE`), which wins "
                    + "over the variable");
    /** The shared database. */
    public static final Setting<String> NEO4J_DATABASE = Setting.matching("NEO4J_DATABASE", "neo4j",
            "[A-Za-z][A-Za-z0-9.-]{0,62}", "a database name (`[A-Za-z][A-Za-z0-9.-]{0,62}`)",
            "the database of the shared mode");
    /** Shared database or one per tenant. */
    public static final Setting<String> NEO4J_TENANCY = Setting.choice("NEO4J_TENANCY", "auto",
            List.of("auto", "shared", "database"),
            "`auto` (by edition), `shared`, `database` (one database per tenant; fails at start on Community)");
    /** Per-tenant database names are the prefix and the tenant. */
    public static final Setting<String> NEO4J_TENANT_DATABASE_PREFIX = Setting.of("NEO4J_TENANT_DATABASE_PREFIX",
            "`[a-z][a-z0-9.-]{0,21}`, not `system…`", "kg-", "kg-",
            "per-tenant database names are `<prefix><client>`", WorkerDefinitions::databasePrefix);
    /** The server-side limit of one transaction. */
    public static final Setting<Duration> NEO4J_TX_TIMEOUT = Setting.duration("NEO4J_TX_TIMEOUT",
            Duration.ofSeconds(60), "server-side limit of one batch transaction");
    /** The driver's own retries. */
    public static final Setting<Duration> NEO4J_TX_RETRY = Setting.duration("NEO4J_TX_RETRY", Duration.ofSeconds(3),
            "how long the driver retries a transient failure before the loop's own backoff takes over");
    /** How far back causes are linked. */
    public static final Setting<Duration> RCA_WINDOW = Setting.duration("RCA_WINDOW", Duration.ofMinutes(15),
            "a signal links to causes whose last occurrence is at most this long before its onset");
    /** Dependency hops searched. */
    public static final Setting<Integer> RCA_MAX_HOPS = Setting.integer("RCA_MAX_HOPS", 6, 0, 6,
            "dependency edges searched between a cause and an effect");
    /** Weaker links are dropped. */
    public static final Setting<Double> RCA_MIN_CONFIDENCE = Setting.decimal("RCA_MIN_CONFIDENCE", 0.5, 0.0, 1.0,
            "links scoring less are not kept");
    /** Simultaneous onsets. */
    public static final Setting<Duration> RCA_CLOCK_TOLERANCE = Setting.duration("RCA_CLOCK_TOLERANCE",
            Duration.ofSeconds(5), "onsets closer than this count as simultaneous; either may be the cause");
    /** How late an upstream cause may show. */
    public static final Setting<Duration> RCA_ONSET_SLACK = Setting.duration("RCA_ONSET_SLACK", Duration.ofMinutes(2),
            "how much later than its callers' symptoms a cause upstream by dependency may show its first signal");
    /** How long failures may follow a change. */
    public static final Setting<Duration> RCA_CHANGE_WINDOW = Setting.duration("RCA_CHANGE_WINDOW",
            Duration.ofMinutes(30), "how long after a change failures downstream of it may follow");
    /** The default range of a question. */
    public static final Setting<Duration> RCA_LOOKBACK = Setting.duration("RCA_LOOKBACK", Duration.ofHours(6),
            "the default range of a question, before the tenant's last abnormal signal");
    /** The DNS service. */
    public static final Setting<String> RCA_DNS_SERVICE = Setting.matching("RCA_DNS_SERVICE", "kube-system/kube-dns",
            "[^/]+/[^/]+", "`<namespace>/<service>`", "the service DNS failures depend on");
    /** Duplicate log ids remembered per template. */
    public static final Setting<Integer> LOG_RECENT_IDS = Setting.integer("LOG_RECENT_IDS", 64, 0, 4096,
            "log ids a template remembers to ignore duplicates");
    /** How long deleted resources' stubs stay. */
    public static final Setting<Duration> RESOURCE_STUB_RETENTION = Setting.duration("RESOURCE_STUB_RETENTION",
            Duration.ofHours(24), "how long the stub of a deleted resource that nothing refers to is kept, so that "
                    + "edges older than the deletion are recognised");
    /** The tenant's RCA read token (a secret). */
    public static final Setting<String> RCA_READ_TOKEN = Setting.string("RCA_READ_TOKEN", null,
            "the tenant's RCA read token (as `RCA_READ_TOKEN_FILE`)").from(Source.CONTROL_PLANE);
    /** The read key of a pool graph-builder (a secret). */
    public static final Setting<String> RCA_READ_KEY = Setting.string("RCA_READ_KEY", null,
            "shared placement: the key that verifies any tenant's RCA read token (`ApiTokens.rcaReadKey`, as "
                    + "`RCA_READ_KEY_FILE`); pool instances only").from(Source.CONTROL_PLANE);
    /** Digest of the operator token. */
    public static final Setting<String> API_TOKEN_SHA256 = Setting.matching("API_TOKEN_SHA256", "",
            "|[0-9a-fA-F]{64}", "64 hex digits", "SHA-256 of the operator token, which is then accepted too: "
                    + "`tr -d '\\n' < api-token | sha256sum`").from(Source.CONTROL_PLANE);
    /** The extra RCA-only listener. */
    public static final Setting<Integer> RCA_PORT = Setting.of("RCA_PORT", "integer 0–65535", "unset", -1,
            "an extra, RCA-only listener (one port per worker, so never passed)",
            env -> env.integer("RCA_PORT", -1, 0, 65535)).from(Source.BY_HAND);
    /** Its address. */
    public static final Setting<String> RCA_BIND_ADDRESS = Setting.string("RCA_BIND_ADDRESS", "127.0.0.1",
            "its address; one that is not loopback requires `RCA_TLS_*`").from(Source.BY_HAND);
    /** Its TLS key store. */
    public static final Setting<String> RCA_TLS_KEYSTORE_FILE = Setting.string("RCA_TLS_KEYSTORE_FILE", null,
            "HTTPS on the RCA-only listener (PKCS#12 or JKS)").from(Source.BY_HAND);
    /** Its key store's password file. */
    public static final Setting<String> RCA_TLS_KEYSTORE_PASSWORD_FILE = Setting.string(
            "RCA_TLS_KEYSTORE_PASSWORD_FILE", null, "the key store's password, in a file").from(Source.BY_HAND);

    /** The worker loop's settings with the normalizers' poll size. */
    public static final SettingSet LOOP = loop(MAX_POLL_RECORDS);

    /** The event-normalizer: the loop only. */
    public static final WorkerDefinition EVENT_NORMALIZER = new WorkerDefinition("event-normalizer",
            SettingSet.concat("event-normalizer", LOOP));
    /** The log-normalizer: the loop and {@code LOG_*}. */
    public static final WorkerDefinition LOG_NORMALIZER = new WorkerDefinition("log-normalizer",
            SettingSet.concat("log-normalizer", LOOP, new SettingSet("log", List.of(LOG_MIN_LEVEL,
                    LOG_MAX_MESSAGE_CHARS, LOG_MAX_TRACE_LINES, LOG_MAX_TRACE_CHARS, LOG_CARRY_STREAMS,
                    LOG_CARRY_WINDOW))));
    /** The graph-builder: the loop with larger polls, Neo4j, the analysis and its API. */
    public static final WorkerDefinition GRAPH_BUILDER = new WorkerDefinition("graph-builder",
            SettingSet.concat("graph-builder", loop(GRAPH_MAX_POLL_RECORDS), new SettingSet("graph", List.of(
                    NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE, NEO4J_TENANCY,
                    NEO4J_TENANT_DATABASE_PREFIX, NEO4J_TX_TIMEOUT, NEO4J_TX_RETRY, RCA_WINDOW, RCA_MAX_HOPS,
                    RCA_MIN_CONFIDENCE, RCA_CLOCK_TOLERANCE, RCA_ONSET_SLACK, RCA_CHANGE_WINDOW, RCA_LOOKBACK,
                    RCA_DNS_SERVICE, LOG_RECENT_IDS, RESOURCE_STUB_RETENTION, RCA_READ_TOKEN, RCA_READ_KEY, API_TOKEN_SHA256,
                    RCA_PORT, RCA_BIND_ADDRESS, RCA_TLS_KEYSTORE_FILE, RCA_TLS_KEYSTORE_PASSWORD_FILE))));

    private WorkerDefinitions() {
    }

    /** The three worker kinds, in the control plane's order. */
    public static List<WorkerDefinition> all() {
        return List.of(EVENT_NORMALIZER, LOG_NORMALIZER, GRAPH_BUILDER);
    }

    /** The definition of the worker called {@code id}, if it is one of the three. */
    public static Optional<WorkerDefinition> of(String id) {
        return all().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    private static SettingSet loop(Setting<Integer> maxPollRecords) {
        return new SettingSet("worker loop", List.of(CLIENT_ID, KAFKA_BROKERS, INPUT_TOPICS, METRICS_PORT,
                HTTP_BIND_ADDRESS, MAX_RECORD_BYTES, maxPollRecords, POLL_TIMEOUT, SHUTDOWN_TIMEOUT,
                SINK_BACKOFF_MAX, GROUP_INSTANCE_ID, SESSION_TIMEOUT, TIME_WINDOW_AHEAD, TIME_WINDOW_BEHIND,
                PLACEMENT, PLACEMENT_OVERLAP, PLACEMENT_WAIT, POOL_MAX_TENANTS, POOL_IDLE_EVICT, POOL_TENANT_SLICE,
                POOL_BACKLOG_MIB));
    }

    private static Setting<Integer> maxPollRecords(int fallback, String doc) {
        return Setting.integer("MAX_POLL_RECORDS", fallback, 1, 100_000, doc);
    }

    /** {@code CLIENT_ID}: required in dedicated placement, refused in shared placement (null there). */
    private static String clientId(Env env) {
        boolean shared = env.optional("PLACEMENT").map(v -> v.trim().equalsIgnoreCase("shared")).orElse(false);
        if (!shared) {
            return env.required("CLIENT_ID");
        }
        if (env.optional("CLIENT_ID").isPresent()) {
            throw new InvalidConfigurationException("CLIENT_ID", "must be unset in shared placement "
                    + "(PLACEMENT=shared): a pool instance takes each record's tenant from its key");
        }
        return null;
    }

    private static Severity minLevel(Env env) {
        Optional<String> raw = env.optional("LOG_MIN_LEVEL");
        if (raw.isEmpty()) {
            return Severity.WARNING;
        }
        String word = raw.get().toUpperCase(Locale.ROOT);
        if (word.equals("WARN")) {
            return Severity.WARNING;
        }
        for (Severity s : Severity.values()) {
            if (s.name().equals(word)) {
                return s;
            }
        }
        throw new InvalidConfigurationException("LOG_MIN_LEVEL",
                "'" + raw.get() + "' is not a level (DEBUG, INFO, WARNING or WARN, ERROR, CRITICAL)");
    }

    private static String neo4jUri(Env env) {
        String uri = env.optional("NEO4J_URI").orElse("bolt://127.0.0.1:7687");
        String scheme;
        try {
            scheme = URI.create(uri).getScheme();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("NEO4J_URI", "'" + uri + "' is not a URI");
        }
        if (scheme == null || !scheme.matches("bolt|bolt\\+s|bolt\\+ssc|neo4j|neo4j\\+s|neo4j\\+ssc")) {
            throw new InvalidConfigurationException("NEO4J_URI", "'" + uri
                    + "' must use bolt, bolt+s, bolt+ssc, neo4j, neo4j+s or neo4j+ssc");
        }
        return uri;
    }

    private static String databasePrefix(Env env) {
        String prefix = env.optional("NEO4J_TENANT_DATABASE_PREFIX").orElse("kg-");
        if (!prefix.matches("[a-z][a-z0-9.-]{0,21}") || prefix.startsWith("system")) {
            throw new InvalidConfigurationException("NEO4J_TENANT_DATABASE_PREFIX", "database prefix '" + prefix
                    + "' must match [a-z][a-z0-9.-]{0,21} and not start with 'system'");
        }
        return prefix;
    }
}
