package io.kgrca.controlplane.admission;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.kafka.KafkaSettings;
import io.kgrca.common.model.TenantProvision;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.TopicProvisioner;
import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.config.ControlPlaneDefinitions;
import io.kgrca.controlplane.security.KafkaSecurityMain;
import io.kgrca.controlplane.security.PrincipalAdmin;
import io.kgrca.controlplane.security.TenantCredentials;
import org.apache.kafka.clients.admin.Admin;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The operator's command: {@code tenant add <id> [--paused] [--placement shared|dedicated]}, {@code tenant remove
 * <id>}, {@code tenant list}. {@code --placement} chooses where the tenant's records are processed when it is first
 * placed (without it: the control plane's {@code DEFAULT_PLACEMENT}); a placed tenant is moved through the API.
 * It writes and reads {@code cluster.tenants} directly, with the control plane's Kafka settings
 * ({@code KAFKA_BROKERS} and the security variables), creating the topic first when it is missing (unless
 * {@code PROVISION_TOPICS=false}). With {@code KAFKA_CONTROL_PLANE_MANAGES_PRINCIPALS=true} (the control plane's
 * principal may manage credentials and ACLs, see docs/remote-clusters.md), {@code add} also creates or rotates the
 * tenant's write-only Kafka principal and prints its {@code username=}, {@code password=} and {@code mechanism=}
 * (the only place the password appears), and {@code remove} revokes it: provisioning is one command. Exit codes: 0
 * done, 1 failed (Kafka), 2 usage or configuration.
 */
public final class TenantCommand {

    /** The usage line. */
    public static final String USAGE = "usage: tenant add <id> [--paused] [--placement shared|dedicated]"
            + " | tenant remove <id> | tenant list";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TenantCommand() {
    }

    /** Runs {@code args} (after the word {@code tenant}); returns the exit code. */
    public static int run(List<String> args, Env env, PrintStream out, PrintStream err) {
        String verb = args.isEmpty() ? "" : args.get(0);
        AddOptions options = "add".equals(verb) ? AddOptions.parse(args.subList(Math.min(2, args.size()),
                args.size())) : null;
        boolean ok = switch (verb) {
            case "add" -> args.size() >= 2 && options != null;
            case "remove" -> args.size() == 2;
            case "list" -> args.size() == 1;
            default -> false;
        };
        if (!ok) {
            err.println(USAGE);
            return 2;
        }
        if (args.size() > 1 && !TenantId.isValid(args.get(1))) {
            err.println("'" + args.get(1) + "' is not a tenant id (" + "[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?" + ")");
            return 2;
        }
        KafkaSettings kafka;
        boolean provision;
        boolean principals;
        short replication;
        try {
            kafka = ControlPlaneDefinitions.KAFKA.read(env);
            provision = ControlPlaneDefinitions.PROVISION_TOPICS.read(env);
            principals = ControlPlaneDefinitions.KAFKA_CONTROL_PLANE_MANAGES_PRINCIPALS.read(env);
            replication = ControlPlaneDefinitions.TOPIC_REPLICATION_FACTOR.read(env).shortValue();
        } catch (InvalidConfigurationException e) {
            err.println("invalid configuration: " + e.getMessage());
            return 2;
        }
        Map<String, Object> props = kafka.clientProperties();
        try (TenantsTopic topic = new TenantsTopic(props, Clock.systemUTC(), TIMEOUT)) {
            if (provision && !"list".equals(verb)) {
                try (Admin admin = Admin.create(props)) {
                    new TopicProvisioner(admin, replication, TIMEOUT)
                            .provision(List.of(Topics.find(Topics.CLUSTER_TENANTS).orElseThrow()));
                }
            }
            switch (verb) {
                case "add" -> {
                    TenantProvision p = topic.put(TenantId.of(args.get(1)), options.paused() ? TenantProvision.PAUSED
                            : TenantProvision.ACTIVE, options.placement());
                    out.println("tenant " + p.tenant() + " provisioned (" + p.state() + ")"
                            + (p.placement() == null ? "" : ", placement " + p.placement().wire()));
                    if (principals) {
                        try (Admin admin = Admin.create(props)) {
                            TenantCredentials c = KafkaSecurityMain.principals(env, new PrincipalAdmin(admin))
                                    .provision(TenantId.of(args.get(1)));
                            out.println("username=" + c.username());
                            out.println("password=" + c.password());
                            out.println("mechanism=" + c.mechanism());
                        }
                    }
                }
                case "remove" -> {
                    topic.remove(TenantId.of(args.get(1)));
                    out.println("tenant " + args.get(1) + " deprovisioned");
                    if (principals) {
                        try (Admin admin = Admin.create(props)) {
                            KafkaSecurityMain.principals(env, new PrincipalAdmin(admin)).revoke(TenantId.of(args.get(1)));
                            out.println("Kafka principal of " + args.get(1) + " revoked");
                        }
                    }
                }
                default -> {
                    Map<TenantId, TenantProvision> all = topic.list();
                    all.values().forEach(p -> out.println(p.tenant() + "\t" + p.state() + "\t" + p.provisionedAt()));
                    out.println(all.size() + " tenant(s)");
                }
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return 1;
        } catch (Exception e) {
            err.println("tenant " + verb + " failed at " + kafka.brokers() + ": " + e.getMessage());
            return 1;
        }
    }

    /** The options of {@code add}: {@code --paused}, {@code --placement shared|dedicated}; null when invalid. */
    private record AddOptions(boolean paused, PlacementMode placement) {
        static AddOptions parse(List<String> args) {
            boolean paused = false;
            PlacementMode placement = null;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if ("--paused".equals(a) && !paused) {
                    paused = true;
                } else if ("--placement".equals(a) && placement == null && i + 1 < args.size()) {
                    try {
                        placement = PlacementMode.parse(args.get(++i));
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                } else {
                    return null;
                }
            }
            return new AddOptions(paused, placement);
        }
    }
}
