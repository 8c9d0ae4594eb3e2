package io.kgrca.rcaeval.gen;

import java.util.List;
import java.util.Random;

/** Word lists the generator draws names from, and small random helpers. */
final class Words {

    static final List<String> NAMESPACES = List.of("shop", "payments", "checkout", "catalog", "search", "identity",
            "billing", "media", "ledger", "inventory", "shipping", "notify", "analytics", "profile", "reviews",
            "orders", "pricing", "fraud", "ads", "support", "booking", "loyalty", "content", "risk");
    static final List<String> APPS = List.of("api", "web", "frontend", "gateway", "orders", "cart", "users",
            "accounts", "quotes", "invoices", "stock", "ratings", "mailer", "tracker", "recommender", "pricer",
            "checkout", "session", "auth", "images", "thumbnails", "feed", "wallet", "ledger-api", "reports",
            "scheduler", "exporter", "indexer", "catalog-api", "basket", "courier", "coupon", "tax", "geo");
    static final List<String> DATABASES = List.of("postgres", "orders-db", "pg-main", "mysql", "maria", "users-db",
            "ledger-db", "catalog-db", "db");
    static final List<String> CACHES = List.of("redis", "cache", "sessions-cache", "redis-main");
    static final List<String> JOBS = List.of("migrate", "nightly-export", "reindex", "backfill", "cleanup",
            "report-gen", "sync-users");
    static final List<String> REGISTRIES = List.of("ghcr.io/acme", "registry.gitlab.com/team", "123456789.dkr.ecr"
            + ".eu-west-1.amazonaws.com", "europe-docker.pkg.dev/prod-1/apps", "docker.io/myorg");
    static final List<String> PATHS = List.of("/api/v1/orders", "/api/items", "/v2/checkout", "/users/me",
            "/cart", "/api/v1/quotes", "/search", "/api/prices", "/graphql", "/api/v1/sessions");
    static final String HEX = "0123456789abcdef";
    static final String ALNUM = "bcdfghjklmnpqrstvwxz2456789";

    private Words() {
    }

    static <T> T pick(Random rng, List<T> from) {
        return from.get(rng.nextInt(from.size()));
    }

    static int between(Random rng, int lo, int hi) {
        return lo + rng.nextInt(hi - lo + 1);
    }

    static String hex(Random rng, int n) {
        return chars(rng, HEX, n);
    }

    static String alnum(Random rng, int n) {
        return chars(rng, ALNUM, n);
    }

    static String uid(Random rng) {
        return hex(rng, 8) + "-" + hex(rng, 4) + "-" + hex(rng, 4) + "-" + hex(rng, 4) + "-" + hex(rng, 12);
    }

    private static String chars(Random rng, String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
