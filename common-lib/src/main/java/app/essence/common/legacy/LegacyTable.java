package app.essence.common.legacy;

/** A legacy table as the mapping names it: the table ({@code schema.table} allowed), its id and its base64 column. */
public record LegacyTable(String table, String idColumn, String audioColumn) {

    /** An identifier quoted for PostgreSQL, so camelCase names keep their case; {@code a.b} is schema and table. */
    public static String quoted(String name) {
        StringBuilder quoted = new StringBuilder();
        for (String part : name.split("\\.")) {
            if (!quoted.isEmpty()) {
                quoted.append('.');
            }
            quoted.append('"').append(part.replace("\"", "\"\"")).append('"');
        }
        return quoted.toString();
    }

    public String quotedTable() {
        return quoted(table);
    }

    public String quotedId() {
        return quoted(idColumn);
    }

    public String quotedAudio() {
        return quoted(audioColumn);
    }

    public String describe() {
        return table + "." + audioColumn;
    }
}
