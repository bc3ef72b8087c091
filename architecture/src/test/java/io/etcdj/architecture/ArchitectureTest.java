package io.etcdj.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The house rules of DESIGN.md, checked over the production classes of every module: no package cycles anywhere,
 * module dependencies point down the module list, the pure modules stay free of servers and transports, and inside
 * {@code server} the layering {@code Main -> node -> http -> cluster -> {wal, command, config}} holds. Each rule's
 * message says what to do when it fails.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    /** Every module, by its root package, and the modules it may use (DESIGN.md, "The house, by module"). */
    enum Module {
        STORE("io.etcdj.store"),
        PROTO("io.etcdj.proto"),
        RAFT("io.etcdj.raft"),
        TLS("io.etcdj.tls"),
        CLI("io.etcdj.cli"),
        CERTS_GEN("io.etcdj.certs", TLS, CLI),
        PEER_TRANSPORT("io.etcdj.peer", RAFT, PROTO, TLS),
        SERVER("io.etcdj.server", RAFT, STORE, PEER_TRANSPORT, TLS),
        ETCDCTL("io.etcdj.etcdctl", TLS, CLI),
        /** Starts members as processes and talks HTTP to them; never calls the server's classes in process. */
        FAULTS("io.etcdj.faults", TLS);

        final String root;
        final Module[] uses;

        Module(String root, Module... uses) {
            this.root = root;
            this.uses = uses;
        }

        String packages() {
            return root + "..";
        }
    }

    @BeforeAll
    static void importEveryModule() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.etcdj");
    }

    /** Guards the rules below: a module whose classes were not found would pass every one of them unchecked. */
    @ParameterizedTest
    @EnumSource(Module.class)
    void everyModuleIsOnTheClassPath(Module module) {
        assertFalse(
                classes.that(resideInAPackage(module.packages())).isEmpty(),
                "no classes of " + module + " (" + module.root + ") were imported: add the module as a dependency of"
                        + " architecture/pom.xml");
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.etcdj.(**)")
                .should()
                .beFreeOfCycles()
                .because("a cycle makes two packages one idea in two places; give each type one home (the lower"
                        + " package), or let the lower package own an interface the higher one implements")
                .check(classes);
    }

    @ParameterizedTest
    @EnumSource(Module.class)
    void modulesUseOnlyTheModulesBelowThem(Module module) {
        String[] allowed = Stream.concat(Stream.of(module), Arrays.stream(module.uses))
                .map(Module::packages)
                .toArray(String[]::new);
        noClasses()
                .that()
                .resideInAPackage(module.packages())
                .should()
                .dependOnClassesThat(resideInAPackage("io.etcdj..").and(not(resideInAnyPackage(allowed))))
                .as(module + " uses only " + Arrays.toString(module.uses) + " of this project")
                .because("dependencies point down DESIGN.md's module list; move the shared type down into the lower"
                        + " module (or change DESIGN.md first, with the reason)")
                .check(classes);
    }

    @Test
    void thePureModulesKnowNoServerOrTransport() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        Module.STORE.packages(), Module.RAFT.packages(), Module.TLS.packages(), Module.PROTO.packages())
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.eclipse.jetty..", "jakarta.servlet..")
                .because("only peer-transport and server run HTTP servers (Jetty); store, raft, tls and proto are"
                        + " used by both sides and must not drag a server in: keep server code in those two modules")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage(Module.STORE.packages(), Module.RAFT.packages(), Module.TLS.packages())
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.grpc..", "io.netty..", "com.google.protobuf..")
                .because("gRPC and protobuf stay in proto (generated code) and peer-transport (which maps raft's"
                        + " plain records to protobuf); tls hands out JDK KeyManager/TrustManager/SSLContext")
                .check(classes);
    }

    @Test
    void raftIsAPureStateMachine() {
        noClasses()
                .that()
                .resideInAPackage(Module.RAFT.packages())
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "java.io..",
                        "java.nio.file..",
                        "java.nio.channels..",
                        "java.net..",
                        "java.util.concurrent..",
                        "java.time..")
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(Thread.class)
                .because("raft has no threads, clock, files or sockets (DESIGN.md): time is tick(), I/O is Ready;"
                        + " the server's Raft loop does the rest")
                .check(classes);
    }

    @Test
    void serverLayersPointDown() {
        ArchRule layers = layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Main")
                .definedBy("io.etcdj.server")
                .layer("node")
                .definedBy("io.etcdj.server.node..")
                .layer("backup")
                .definedBy("io.etcdj.server.backup..")
                .layer("discovery")
                .definedBy("io.etcdj.server.discovery..")
                .layer("metrics")
                .definedBy("io.etcdj.server.metrics..")
                .layer("http")
                .definedBy("io.etcdj.server.http..")
                .layer("cluster")
                .definedBy("io.etcdj.server.cluster..")
                .layer("wal")
                .definedBy("io.etcdj.server.wal..")
                .layer("command")
                .definedBy("io.etcdj.server.command..")
                .layer("config")
                .definedBy("io.etcdj.server.config..")
                .whereLayer("Main")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("node")
                .mayOnlyBeAccessedByLayers("Main")
                .whereLayer("backup")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("discovery")
                .mayOnlyBeAccessedByLayers("Main", "node")
                .whereLayer("metrics")
                .mayOnlyBeAccessedByLayers("Main", "node")
                .whereLayer("http")
                .mayOnlyBeAccessedByLayers("Main", "node")
                .whereLayer("cluster")
                .mayOnlyBeAccessedByLayers("Main", "node", "backup", "metrics", "http")
                .whereLayer("wal")
                .mayOnlyBeAccessedByLayers("Main", "node", "backup", "http", "cluster")
                .whereLayer("command")
                .mayOnlyBeAccessedByLayers("Main", "node", "http", "cluster")
                .whereLayer("config")
                .mayOnlyBeAccessedByLayers("Main", "node", "discovery", "http", "cluster")
                .as(
                        "server's layers: Main -> node -> {metrics, http} -> cluster -> {wal, command, config}; node -> discovery"
                                + " -> config; backup (etcdctl's, loaded by name) -> cluster, wal")
                .because("a lower layer never calls up: move the type it needs down, or have the lower layer own an"
                        + " interface (or a callback) that the higher layer implements and node wires in");
        layers.check(classes);
    }

    @Test
    void everyServerPackageHasItsLayer() {
        classes()
                .that()
                .resideInAPackage(Module.SERVER.packages())
                .should()
                .resideInAnyPackage(
                        "io.etcdj.server",
                        "io.etcdj.server.node..",
                        "io.etcdj.server.backup..",
                        "io.etcdj.server.discovery..",
                        "io.etcdj.server.metrics..",
                        "io.etcdj.server.http..",
                        "io.etcdj.server.cluster..",
                        "io.etcdj.server.wal..",
                        "io.etcdj.server.command..",
                        "io.etcdj.server.config..")
                .because("a new package in server escapes the layering until it is given its layer: add it to"
                        + " serverLayersPointDown (and to DESIGN.md)")
                .check(classes);
    }
}
