package io.kgrca.agent.replay;

import io.kgrca.common.tenant.InvalidTenantIdException;
import io.kgrca.common.tenant.TenantId;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The arguments of {@code agent replay FILE --tenant T [--speed N|max] [--cluster NAME] [--no-register]}. Pure.
 *
 * @param file     the timeline (JSON Lines, as {@code record} writes it)
 * @param tenant   the tenant the records are published for
 * @param speed    how many times faster than recorded; 0 means as fast as the broker takes them ({@code max})
 * @param cluster  the cluster name stamped into resource records and the registration (default: the tenant)
 * @param register whether to send a registration and heartbeats first (off with {@code --no-register})
 */
public record ReplayOptions(Path file, TenantId tenant, double speed, String cluster, boolean register) {

    /** The usage line. */
    public static final String USAGE = "usage: agent replay FILE --tenant T [--speed N|max] [--cluster NAME] [--no-register]";

    /** Parses the arguments after {@code replay}; throws {@link IllegalArgumentException} saying what is wrong. */
    public static ReplayOptions parse(String[] args) {
        Path file = null;
        String tenant = null;
        String speed = "1";
        String cluster = null;
        boolean register = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--tenant" -> tenant = value(args, ++i, a);
                case "--speed" -> speed = value(args, ++i, a);
                case "--cluster" -> cluster = value(args, ++i, a);
                case "--no-register" -> register = false;
                default -> {
                    if (a.startsWith("--") || file != null) {
                        throw new IllegalArgumentException("unexpected argument " + a);
                    }
                    file = Path.of(a);
                }
            }
        }
        if (file == null) {
            throw new IllegalArgumentException("no FILE given");
        }
        if (tenant == null) {
            throw new IllegalArgumentException("--tenant is required");
        }
        TenantId id;
        try {
            id = TenantId.of(tenant);
        } catch (InvalidTenantIdException e) {
            throw new IllegalArgumentException("--tenant: " + e.getMessage(), e);
        }
        return new ReplayOptions(file, id, speed(speed), Optional.ofNullable(cluster).orElse(id.value()), register);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static double speed(String text) {
        if ("max".equals(text)) {
            return 0;
        }
        try {
            double v = Double.parseDouble(text);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--speed must be a positive number or max, not " + text);
    }
}
