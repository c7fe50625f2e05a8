/// What a Postgres database holds in the public schema, as sorted lines of facts, so that two
/// databases (a migration chain and a fresh `schema.sql`) compare fact by fact with a readable
/// difference. Column order is left out on purpose: `ALTER TABLE … ADD COLUMN` appends, and the
/// docs say so (docs/migrations.md).
///
/// It reads through `column`, the first column of one statement's rows (NULL as `nil`), so that
/// any connection serves: `schemagen verify`'s, and the tests' own.
public enum PostgresCatalog {
    public static func facts(column: (String) throws -> [String?]) rethrows -> [String] {
        var facts: [String] = []
        facts += try column(
            """
            SELECT 'table ' || c.relname || coalesce(' comment=' || obj_description(c.oid, 'pg_class'), '')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r'
            """
        ).compactMap { $0 }
        facts += try column(
            """
            SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                || CASE WHEN a.attidentity <> '' THEN ' identity=' || a.attidentity::text ELSE '' END
                || coalesce(' default=' || pg_get_expr(d.adbin, d.adrelid), '')
                || coalesce(' comment=' || col_description(c.oid, a.attnum), '')
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
            """
        ).compactMap { $0 }
        facts += try column(
            """
            SELECT 'constraint ' || c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
            """
        ).compactMap { $0 }
        facts += try column(
            """
            SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            """
        ).compactMap { $0 }
        facts += try column(
            """
            SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND NOT t.tgisinternal
            """
        ).compactMap { $0 }
        facts += try column(
            """
            SELECT 'type ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                || coalesce(' comment=' || obj_description(t.oid, 'pg_type'), '')
            FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
            JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public'
            GROUP BY t.oid, t.typname
            """
        ).compactMap { $0 }
        facts += try column(
            "SELECT 'sequence ' || sequencename FROM pg_sequences WHERE schemaname = 'public'"
        ).compactMap { $0 }
        facts += try column(
            """
            SELECT 'function ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'public'
            """
        ).compactMap { $0 }
        return facts.sorted()
    }

    /// The facts only one side has, `-` for the first and `+` for the second; empty when equal.
    public static func difference(_ first: [String], _ second: [String]) -> [String] {
        let a = Set(first)
        let b = Set(second)
        return first.filter { !b.contains($0) }.map { "- " + $0 } + second.filter { !a.contains($0) }.map { "+ " + $0 }
    }
}
