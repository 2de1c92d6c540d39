// Neo4j test server for Pointer's integration tests (started by scripts/services.sh).
//
// Embedded Neo4j Community 5.26 LTS with its Bolt connector on 127.0.0.1, auth disabled: no
// server distribution is downloadable here, but the embedded database plus neo4j-bolt from Maven
// Central is the same engine and the same wire protocol a neo4j-driver talks to.
// Run as a single source file (no build step):
//   java -Xmx1g <flags> -cp '.cache/neo4j/lib/*' tools/neo4j/Neo4jTestServer.java <homeDir> <boltPort>
// Prints NEO4J_READY bolt://127.0.0.1:<port> once the default database is available; SIGTERM
// shuts the database down cleanly.
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

public class Neo4jTestServer {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: Neo4jTestServer <homeDir> <boltPort>");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
        .setConfig(BoltConnector.enabled, true)
        .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
        .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
        .setConfig(GraphDatabaseSettings.auth_enabled, false)
        // Small fixed page cache: the default sizes it from the machine's RAM, shared with CI.
        .setConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
        // Transaction logs are otherwise preallocated at 256 MiB per database (512 MiB on disk).
        .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
        .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, 16L * 1024 * 1024)
        .build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      dbms.shutdown();
      stopped.countDown();
    }));
    GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    if (!db.isAvailable(Duration.ofMinutes(2).toMillis())) {
      System.err.println("NEO4J_FAILED default database not available after 2 minutes");
      System.exit(1);
    }
    System.out.println("NEO4J_READY bolt://127.0.0.1:" + port);
    System.out.flush();
    stopped.await();
  }
}
