package io.kgrca.controlplane.security;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.kafka.KafkaSettings;
import io.kgrca.common.tenant.InvalidTenantIdException;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.config.ControlPlaneDefinitions;
import org.apache.kafka.clients.admin.Admin;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's command for Kafka principals, run with the administrator's credentials in the {@code KAFKA_*}
 * variables ({@code docker-compose run --rm kg-kafka-security <command>}):
 * <ul>
 *   <li>{@code service-acls}: sets the control plane's and the workers' ACLs
 *       ({@code KAFKA_CONTROL_PLANE_USER}, default {@code kg-control-plane}; {@code KAFKA_WORKER_USERS}, comma
 *       separated, default {@code kg-worker}; {@code KAFKA_CONTROL_PLANE_MANAGES_PRINCIPALS}, default false);</li>
 *   <li>{@code tenant-add <id>}: creates or rotates the tenant's SCRAM credential, sets its ACLs and prints
 *       {@code username=}, {@code password=} and {@code mechanism=} lines (the only place the password appears);
 *       {@code KAFKA_TENANT_READ_TOPICS}, comma separated, default none, opts the tenant into reading them;
 *       {@code KAFKA_TENANT_PRODUCE_BYTE_RATE}, default 1048576 (0 = none), sets its produce quota in bytes/s and
 *       {@code KAFKA_TENANT_REQUEST_PERCENTAGE}, default 0 (none), its request-time quota ({@link TenantQuota});
 *       prints a {@code quota=} line too;</li>
 *   <li>{@code tenant-remove <id>}: deletes the tenant's ACLs, credential and quota;</li>
 *   <li>{@code tenant-list}: the tenants that have a credential, each with its quota ({@code <id>\t<quota>}).</li>
 * </ul>
 */
public final class KafkaSecurityMain {

    private KafkaSecurityMain() {
    }

    /** Runs a command and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, Env.system(), System.out, System.err));
    }

    /** Runs a command; 0 on success, 2 on a usage or configuration error, 1 when the broker refused or failed. */
    public static int run(String[] args, Env env, PrintStream out, PrintStream err) {
        if (args.length == 0 || !List.of("service-acls", "tenant-add", "tenant-remove", "tenant-list").contains(args[0])
                || (args[0].startsWith("tenant-") && !args[0].equals("tenant-list") && args.length != 2)) {
            err.println("usage: service-acls | tenant-add <id> | tenant-remove <id> | tenant-list");
            return 2;
        }
        try {
            KafkaSettings kafka = KafkaSettings.fromEnv(env, null);
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                return execute(args, env, new PrincipalAdmin(admin), out);
            }
        } catch (InvalidConfigurationException | InvalidTenantIdException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (PrincipalAdmin.PrincipalAdminException e) {
            err.println("error: the broker refused or failed: " + e.getMessage());
            return 1;
        }
    }

    private static int execute(String[] args, Env env, PrincipalAdmin admin, PrintStream out) {
        switch (args[0]) {
            case "service-acls" -> new ServicePrincipals(ControlPlaneDefinitions.KAFKA_CONTROL_PLANE_USER.read(env),
                    list(ControlPlaneDefinitions.KAFKA_WORKER_USERS.read(env)),
                    ControlPlaneDefinitions.KAFKA_CONTROL_PLANE_MANAGES_PRINCIPALS.read(env)).apply(admin);
            case "tenant-add" -> {
                TenantCredentials c = principals(env, admin).provision(TenantId.of(args[1]));
                out.println("username=" + c.username());
                out.println("password=" + c.password());
                out.println("mechanism=" + c.mechanism());
                out.println("quota=" + quota(env));
            }
            case "tenant-remove" -> principals(env, admin).revoke(TenantId.of(args[1]));
            default -> {
                TenantPrincipals principals = principals(env, admin);
                Map<TenantId, TenantQuota> quotas = principals.quotas();
                principals.provisioned().forEach(t -> out.println(t.value() + "\t"
                        + quotas.getOrDefault(t, TenantQuota.NONE)));
            }
        }
        out.flush();
        return 0;
    }

    /**
     * The tenant principals as the operator's settings shape them: {@code KAFKA_TENANT_READ_TOPICS} (comma separated,
     * default none) and the quota of {@link #quota}.
     */
    public static TenantPrincipals principals(Env env, PrincipalAdmin admin) {
        List<String> reads = list(ControlPlaneDefinitions.KAFKA_TENANT_READ_TOPICS.read(env));
        return new TenantPrincipals(admin, new TenantAccess(Set.copyOf(TenantAccess.AGENT_TOPICS), Set.copyOf(reads)),
                quota(env));
    }

    /**
     * The tenants' quota: {@code KAFKA_TENANT_PRODUCE_BYTE_RATE} (bytes/s, default 1 MiB/s, 0 = none) and
     * {@code KAFKA_TENANT_REQUEST_PERCENTAGE} (default 0 = none).
     *
     * @throws InvalidConfigurationException for a produce rate between 1 and 1023
     */
    public static TenantQuota quota(Env env) {
        int rate = ControlPlaneDefinitions.KAFKA_TENANT_PRODUCE_BYTE_RATE.read(env);
        int requests = ControlPlaneDefinitions.KAFKA_TENANT_REQUEST_PERCENTAGE.read(env);
        try {
            return new TenantQuota(rate, requests);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("KAFKA_TENANT_PRODUCE_BYTE_RATE", e.getMessage());
        }
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

}
