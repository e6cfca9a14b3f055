package app.essence.testing;

import app.essence.common.events.EventType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Where a database still refers to someone (docs/erasure.md): every table of the schema {@code public}, every column
 * that can hold an id (text, uuid, JSON), searched for each of the ids.
 */
public final class UserTraces {
    private static final String COLUMNS = "select table_name, column_name from information_schema.columns "
            + "where table_schema = 'public' and data_type in ('text', 'character varying', 'character', 'uuid', "
            + "'json', 'jsonb') order by table_name, column_name";

    private UserTraces() {
    }

    /** One row that holds one of the ids: its table, the column and the whole row as JSON. */
    public record Trace(String table, String column, String row) {
        /**
         * Whether it is the record that the erasure happened, which stays: a service's {@code erased_users} row,
         * profiles-service's {@code user_erasures} row, an erasure event in an outbox (ids and times only).
         */
        public boolean recordsErasure() {
            if (table.equals("erased_users") || table.equals("user_erasures")) {
                return true;
            }
            if (!table.equals("outbox_events")) {
                return false;
            }
            try {
                String type = new ObjectMapper().readTree(row).path("event_type").asText();
                return EventType.byName(type).map(EventType::recordsErasure).orElse(false);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The tables searched: every table of the schema (a test that finds none searched nothing). */
    public static List<String> tables(Connection db) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement statement = db.prepareStatement("select table_name from information_schema.tables "
                + "where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    /** Every row of every table that holds one of the ids in one of its columns. */
    public static List<Trace> of(Connection db, Collection<String> ids) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (PreparedStatement statement = db.prepareStatement(COLUMNS); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                columns.add(new String[] { rows.getString(1), rows.getString(2) });
            }
        }
        List<Trace> traces = new ArrayList<>();
        for (String[] column : columns) {
            String sql = "select row_to_json(t)::text from \"" + column[0] + "\" t where position(? in \"" + column[1]
                    + "\"::text) > 0";
            for (String id : ids) {
                try (PreparedStatement statement = db.prepareStatement(sql)) {
                    statement.setString(1, id);
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            traces.add(new Trace(column[0], column[1], rows.getString(1)));
                        }
                    }
                }
            }
        }
        return traces;
    }
}
