// Starts Neo4j Community 5.26 embedded, with Bolt on 127.0.0.1, and waits until killed.
// Run with tools/neo4j/neo4j start (which fetches the jars and passes the JVM flags).
//   java -cp "lib/*" Launcher.java <data-dir> <bolt-port> <password>
// Prints "vita-neo4j ready bolt://127.0.0.1:<port>" once the server accepts connections.

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

public class Launcher {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = args[2];
        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    .build();
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }));
        try {
            setPassword(dbms, password);
            dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);  // fail now if it cannot open
        } catch (RuntimeException e) {
            fail(e);          // System.exit runs the shutdown hook: no half-started server left
        }
        System.out.println("vita-neo4j ready bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }

    // One line saying why, first (the launcher script shows it), then the stack for the log:
    // Neo4j wraps the reason (a password too short, a port in use…) in several exceptions.
    static void fail(Throwable e) {
        StringBuilder why = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank() && why.indexOf(message) < 0) {
                why.append(why.length() == 0 ? "" : " — ").append(message.strip());
            }
        }
        System.out.println("vita-neo4j failed: " + why.toString().replaceAll("\\s+", " "));
        System.out.flush();
        e.printStackTrace();
        System.exit(1);
    }

    // The embedded API is not subject to auth: set the password of the default user so that
    // Bolt clients log in as neo4j/<password> without a forced change. On a restart over the
    // same data folder the password may already be that one, which Neo4j reports as an error.
    static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    java.util.Map.of("password", password));
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }
}
