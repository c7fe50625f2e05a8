/// Postgres's keywords that cannot stand as a table, column, constraint or index name unquoted.
///
/// Generated once from PostgreSQL 15's `SELECT word, catcode FROM pg_get_keywords()`: the reserved
/// words (catcode `R`) and the type/function-name words (`T`), which the grammar does not accept as a
/// `ColId`. Unreserved (`U`) and column-name (`C`) words such as `timestamp`, `time`, `values` or
/// `position` are accepted as names everywhere the generated DDL writes one, so they stay unquoted
/// (a real-server test renders every `C` word as a name and applies it). `PostgresKeywordsTests`
/// compares this list with the running server's.
enum PostgresKeywords {
    /// Catcode `R`.
    static let reserved: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast",
        "check", "collate", "column", "constraint", "create", "current_catalog", "current_date",
        "current_role", "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc",
        "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant",
        "group", "having", "in", "initially", "intersect", "into", "lateral", "leading", "limit", "localtime",
        "localtimestamp", "not", "null", "offset", "on", "only", "or", "order", "placing", "primary",
        "references", "returning", "select", "session_user", "some", "symmetric", "table", "then", "to",
        "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where", "window", "with",
    ]

    /// Catcode `T`.
    static let typeOrFunctionNames: Set<String> = [
        "authorization", "binary", "collation", "concurrently", "cross", "current_schema", "freeze", "full",
        "ilike", "inner", "is", "isnull", "join", "left", "like", "natural", "notnull", "outer", "overlaps",
        "right", "similar", "tablesample", "verbose",
    ]

    /// The words a name must be quoted for.
    static let needingQuotes: Set<String> = reserved.union(typeOrFunctionNames)
}
