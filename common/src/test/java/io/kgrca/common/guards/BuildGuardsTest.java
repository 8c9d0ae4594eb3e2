package io.kgrca.common.guards;

import com.puppycrawl.tools.checkstyle.Checker;
import com.puppycrawl.tools.checkstyle.ConfigurationLoader;
import com.puppycrawl.tools.checkstyle.PropertiesExpander;
import com.puppycrawl.tools.checkstyle.api.AuditEvent;
import com.puppycrawl.tools.checkstyle.api.AuditListener;
import com.puppycrawl.tools.checkstyle.api.CheckstyleException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build guards of build-tools/checkstyle bite: the very configuration the build runs in `validate` is run here on
 * small sources written for the test, laid out as {@code src/main/java} sources so the import rules apply. A pure
 * package that imports an I/O library fails, the same import in an I/O package passes; an inline fully qualified
 * name fails unless a {@code // qualified: <reason>} comment stands above it.
 */
class BuildGuardsTest {

    private static final Path CONFIG = Path.of("../build-tools/checkstyle");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} may not import {1}")
    @CsvSource({
            "io.kgrca.common.key, com.github.dockerjava.api.DockerClient",
            "io.kgrca.common.tenant, org.neo4j.driver.Driver",
            "io.kgrca.common.model, org.apache.kafka.clients.producer.KafkaProducer",
            "io.kgrca.graphbuilder.rca, org.neo4j.driver.Session",
            "io.kgrca.graphbuilder.mapping, org.apache.kafka.common.TopicPartition",
            "io.kgrca.graphbuilder.signal, java.net.http.HttpClient",
            "io.kgrca.graphbuilder.analysis, com.sun.net.httpserver.HttpServer",
            "io.kgrca.controlplane.plan, com.github.dockerjava.api.model.Container",
            "io.kgrca.controlplane.plan.sub, org.apache.kafka.clients.admin.Admin",
            "io.kgrca.lognormalizer.trace, org.apache.kafka.clients.consumer.ConsumerRecord",
            "io.kgrca.agent.state, io.fabric8.kubernetes.api.model.Pod",
            "io.kgrca.graphbuilder.query, io.kgrca.graphbuilder.write.GraphWriter"})
    void aPurePackageThatImportsAnIoLibraryFails(String pkg, String imported) throws Exception {
        Path source = write("src/main/java", pkg, "Fixture", "import " + imported + ";\n\nclass Fixture {\n}\n");

        List<String> violations = check(source);

        assertThat(violations).hasSize(1);
        assertThat(violations.get(0)).contains("Disallowed import - " + imported);
    }

    @ParameterizedTest(name = "{0} may import {1}")
    @CsvSource({
            "io.kgrca.common.key, java.util.Map",
            "io.kgrca.controlplane.plan, io.kgrca.common.tenant.TenantId",
            "io.kgrca.graphbuilder.store, org.neo4j.driver.Driver",
            "io.kgrca.controlplane.runtime, com.github.dockerjava.api.DockerClient",
            "io.kgrca.common.worker, org.apache.kafka.clients.producer.KafkaProducer",
            "io.kgrca.graphbuilder.query, io.kgrca.graphbuilder.store.GraphHandle"})
    void allowedImportsPass(String pkg, String imported) throws Exception {
        Path source = write("src/main/java", pkg, "Fixture", "import " + imported + ";\n\nclass Fixture {\n}\n");

        assertThat(check(source)).isEmpty();
    }

    @Test
    void testsOfAPurePackageMayUseTheRealInfrastructure() throws Exception {
        Path source = write("src/test/java", "io.kgrca.common.key", "FixtureIT",
                "import org.apache.kafka.clients.producer.KafkaProducer;\n\nclass FixtureIT {\n}\n");

        assertThat(check(source)).isEmpty();
    }

    @Test
    void anInlineQualifiedNameFails() throws Exception {
        Path source = write("src/test/java", "io.kgrca.common.key", "Fixture", """
                class Fixture {
                    Object of(java.util.Map<String, String> m) {
                        return java.util.Collections.unmodifiableMap(m);
                    }
                }
                """);

        List<String> violations = check(source);

        assertThat(violations).hasSize(2).allMatch(v -> v.contains("Inline fully qualified name"));
        assertThat(violations.get(0)).contains(":4:");
        assertThat(violations.get(1)).contains(":5:");
    }

    @Test
    void qualifiedNamesInCommentsStringsAndImportsPass() throws Exception {
        Path source = write("src/main/java", "io.kgrca.common.key", "Fixture", """
                import java.util.Map;

                /** Not {@link java.util.HashMap}: see java.util.TreeMap. */
                class Fixture {
                    // java.util.Collections would do
                    static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required";

                    Map<String, String> map() {
                        return Map.of("class", "io.kgrca.common.key.Fixture");
                    }
                }
                """);

        assertThat(check(source)).isEmpty();
    }

    @Test
    void aQualifiedNameWithAWrittenReasonAboveItPassesAndOneWithoutAReasonFails() throws Exception {
        Path source = write("src/main/java", "io.kgrca.agent.k8s", "Fixture", """
                import io.fabric8.kubernetes.api.model.batch.v1.CronJob;

                class Fixture {
                    Class<?> v1 = CronJob.class;
                    // qualified: batch/v1beta1 beside the imported v1 CronJob
                    Class<?> old = io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob.class;
                    // qualified:
                    Class<?> bare = io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob.class;
                }
                """);

        List<String> violations = check(source);

        assertThat(violations).hasSize(1);
        assertThat(violations.get(0)).contains(":10:").contains("Inline fully qualified name");
    }

    private Path write(String root, String pkg, String name, String body) throws IOException {
        Path folder = dir.resolve(root).resolve(pkg.replace('.', '/'));
        Files.createDirectories(folder);
        Path file = folder.resolve(name + ".java");
        Files.writeString(file, "package " + pkg + ";\n\n" + body);
        return file;
    }

    /** Runs build-tools/checkstyle/checkstyle.xml as the build does and returns "file:line: message" per violation. */
    private static List<String> check(Path source) throws CheckstyleException {
        Properties properties = new Properties();
        properties.setProperty("kg.importControl", CONFIG.resolve("import-control.xml").toAbsolutePath().toString());
        Checker checker = new Checker();
        checker.setModuleClassLoader(Checker.class.getClassLoader());
        checker.configure(ConfigurationLoader.loadConfiguration(
                CONFIG.resolve("checkstyle.xml").toAbsolutePath().toString(), new PropertiesExpander(properties)));
        List<String> violations = new ArrayList<>();
        checker.addListener(new Collector(violations));
        try {
            checker.process(List.of(source.toFile()));
        } finally {
            checker.destroy();
        }
        return violations;
    }

    /** Keeps the violations checkstyle reports. */
    private record Collector(List<String> violations) implements AuditListener {
        @Override
        public void addError(AuditEvent event) {
            violations.add(event.getFileName() + ":" + event.getLine() + ": " + event.getMessage());
        }

        @Override
        public void addException(AuditEvent event, Throwable throwable) {
            throw new IllegalStateException("checkstyle failed on " + event.getFileName(), throwable);
        }

        @Override
        public void auditStarted(AuditEvent event) {
        }

        @Override
        public void auditFinished(AuditEvent event) {
        }

        @Override
        public void fileStarted(AuditEvent event) {
        }

        @Override
        public void fileFinished(AuditEvent event) {
        }
    }
}
