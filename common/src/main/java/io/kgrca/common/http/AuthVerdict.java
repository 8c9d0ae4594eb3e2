package io.kgrca.common.http;

/**
 * The outcome of checking a request's credentials.
 *
 * @param outcome   what to answer
 * @param principal who was recognised ({@code operator} or {@code tenant:<id>}), or the claimed tenant of a 403;
 *                  never any part of a token
 * @param reason    a short text safe for logs and error bodies
 */
public record AuthVerdict(Outcome outcome, String principal, String reason) {

    /** What the server answers. */
    public enum Outcome {
        /** Serve the request. */
        ALLOWED(200),
        /** No bearer credentials: 401 with {@code WWW-Authenticate}. */
        MISSING(401),
        /** Credentials that match nothing: 401 with {@code WWW-Authenticate: Bearer error="invalid_token"}. */
        INVALID(401),
        /** A token of another tenant, or a read token where the operator's is needed: 403. */
        FORBIDDEN(403);

        private final int status;

        Outcome(int status) {
            this.status = status;
        }

        /** The HTTP status of a refusal (200 for {@link #ALLOWED}). */
        public int status() {
            return status;
        }
    }

    /** True when the request may be served. */
    public boolean allowed() {
        return outcome == Outcome.ALLOWED;
    }

    static AuthVerdict allowed(String principal) {
        return new AuthVerdict(Outcome.ALLOWED, principal, "ok");
    }

    static AuthVerdict refused(Outcome outcome, String principal, String reason) {
        return new AuthVerdict(outcome, principal, reason);
    }
}
