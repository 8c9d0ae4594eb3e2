package io.kgrca.controlplane.auth;

import io.kgrca.common.http.ApiToken;
import io.kgrca.common.http.ApiTokens;
import io.kgrca.common.tenant.TenantId;

import java.nio.file.Path;

/**
 * Prints a tenant's RCA read token, derived from the operator token, for the operator to hand to the tenant:
 * {@code java -cp @/app/jib-classpath-file io.kgrca.controlplane.auth.PrintRcaToken <tenant>} (reads
 * {@code API_TOKEN_FILE}, default {@code /var/lib/kg-rca/api-token}). Writes the token to standard output only.
 */
public final class PrintRcaToken {

    private PrintRcaToken() {
    }

    /** Entry point; exit status 2 on a bad tenant id or token file. */
    public static void main(String[] args) {
        if (args.length != 1 || !TenantId.isValid(args[0])) {
            System.err.println("usage: PrintRcaToken <tenant id>");
            System.exit(2);
            return;
        }
        String file = System.getenv().getOrDefault("API_TOKEN_FILE", "/var/lib/kg-rca/api-token");
        try {
            ApiToken operator = OperatorTokenFile.read(Path.of(file));
            System.out.println(ApiTokens.rcaReadToken(operator, TenantId.of(args[0])).reveal());
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }
}
