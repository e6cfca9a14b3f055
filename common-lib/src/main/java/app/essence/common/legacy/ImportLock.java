package app.essence.common.legacy;

import static app.essence.common.reactive.ReactiveBridge.await;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One import or drop of a slice at a time against the service's database (docs/legacy-import.md): a session advisory
 * lock on a connection of its own, held while the run lasts and released with it, or by the server when the process
 * dies.
 */
@ApplicationScoped
public class ImportLock {
    private static final Logger LOG = Logger.getLogger(ImportLock.class);
    private static final String TRY = "select pg_try_advisory_lock(hashtext('essence-legacy-import'), hashtext($1))";
    private static final String UNLOCK = "select pg_advisory_unlock(hashtext('essence-legacy-import'), hashtext($1))";

    private final Pool pool;

    public ImportLock(Pool pool) {
        this.pool = pool;
    }

    /** The slice's lock, or empty when another process holds it. */
    public Optional<Held> tryLock(String slice) {
        SqlConnection connection = await(pool::getConnection);
        try {
            boolean locked = await(() -> connection.preparedQuery(TRY).execute(Tuple.of(slice)))
                    .iterator().next().getBoolean(0);
            if (locked) {
                return Optional.of(new Held(connection, slice));
            }
        } catch (RuntimeException e) {
            await(connection::close);
            throw e;
        }
        await(connection::close);
        return Optional.empty();
    }

    /** A held lock; closing it unlocks before its connection goes back to the pool. */
    public static final class Held implements AutoCloseable {
        private final SqlConnection connection;
        private final String slice;

        private Held(SqlConnection connection, String slice) {
            this.connection = connection;
            this.slice = slice;
        }

        @Override
        public void close() {
            try {
                await(() -> connection.preparedQuery(UNLOCK).execute(Tuple.of(slice)));
            } catch (RuntimeException e) {
                LOG.warnf("the %s import's lock goes with its connection: %s", slice, e.toString());
            } finally {
                await(connection::close);
            }
        }
    }
}
