import SchemagenCore

/// A made-up but realistic schema of any size, as YAML text: shared enums and mixins, then tables in
/// files of `tablesPerFile`, each with 8 to 15 columns, foreign keys to earlier tables (indexed),
/// unique constraints, checks, comments and the odd partial or GIN index. It is meant to be
/// lint-clean, so that every rule and renderer runs its whole course rather than stopping early.
///
/// Deterministic: the same size always gives the same bytes, so runs on different days compare.
struct SyntheticSchema: Sendable {
    var tableCount: Int
    var tablesPerFile = 25

    /// Plural nouns whose singular the Swift renderer derives by dropping the `s`.
    static let nouns = [
        "orders", "invoices", "shipments", "customers", "accounts", "payments", "refunds", "tickets",
        "comments", "events", "sessions", "devices", "reports", "budgets", "contracts", "vendors", "products",
        "listings", "reviews", "coupons", "campaigns", "segments", "messages", "threads", "attachments",
        "approvals", "documents", "projects", "members", "teams", "roles", "permissions", "webhooks",
        "deliveries", "schedules", "shifts", "locations", "warehouses", "carriers", "parcels", "quotes",
        "leads", "contacts", "notes", "tags", "labels", "metrics", "alerts", "incidents", "releases",
    ]
    static let domains = [
        "sales", "billing", "support", "catalog", "crm", "hr", "ops", "fleet", "retail", "finance", "legal",
        "growth", "infra", "partner", "vendor", "audit", "payroll", "studio", "field", "trade",
    ]

    /// `sales_orders`, …, then `sales2_orders` once every domain and noun pair is taken.
    static func tableName(_ index: Int) -> String {
        let noun = nouns[index % nouns.count]
        let domain = domains[(index / nouns.count) % domains.count]
        let round = index / (nouns.count * domains.count)
        return (round == 0 ? domain : "\(domain)\(round + 1)") + "_" + noun
    }

    /// `sales_orders` → `sales_order`: the singular the foreign key columns are named after.
    static func singular(_ index: Int) -> String {
        SwiftNames().singularTableName(tableName(index))
    }

    /// Every file of the schema directory, paths relative to the project root.
    func files() -> [SchemaSources.File] {
        var files = [
            SchemaSources.File(path: "schema/00-enums.yaml", bytes: Array(Self.enums.utf8)),
            SchemaSources.File(path: "schema/01-mixins.yaml", bytes: Array(Self.mixins.utf8)),
        ]
        var start = 0
        while start < tableCount {
            let end = min(start + tablesPerFile, tableCount)
            var text = "# Tables \(start + 1) to \(end) of a synthetic schema of \(tableCount) tables.\ntables:\n"
            for index in start..<end {
                text += SyntheticTable(index: index).yaml
            }
            let number = String(start / tablesPerFile + 1)
            let padded = String(repeating: "0", count: max(0, 4 - number.count)) + number
            files.append(SchemaSources.File(path: "schema/10-tables-\(padded).yaml", bytes: Array(text.utf8)))
            start = end
        }
        return files
    }

    static let enums = """
        # Value sets shared by the synthetic tables.
        enums:
          work_status: [pending, active, completed, cancelled]
          priority_level: [low, medium, high, urgent]
          region_code: [eu, us, apac, latam]

        """

    static let mixins = """
        # Columns shared by many tables; a table's own columns come after them.
        mixins:
          timestamps:
            columns:
              created_at: { type: timestamptz, default: now() }
              updated_at: { type: timestamptz, default: now(), auto_update: true }
          soft_delete:
            columns:
              deleted_at:
                type: timestamptz?
                comment: When the row was archived; null while it is live.
            indexes:
              - columns: [deleted_at]

        """
}
