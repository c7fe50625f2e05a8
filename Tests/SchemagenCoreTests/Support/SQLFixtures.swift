import SchemagenCore

/// Hand-built schema graphs for the SQL renderers' tests (until schemas can be loaded from YAML).
enum SQLFixtures {
    static let here = SourceLocation(file: "schema/fixture.yaml", line: 1, column: 1)
    static let naming = Naming()

    static func column(
        _ name: String, _ type: ColumnType, nullable: Bool = false, identity: Bool = false,
        default value: DefaultValue? = nil, autoUpdate: Bool = false, comment: String? = nil
    ) -> Column {
        Column(
            name: name, type: type, isNullable: nullable, isIdentity: identity, defaultValue: value,
            autoUpdate: autoUpdate, comment: comment, location: here)
    }

    static func primaryKey(_ table: String, _ columns: [String]) -> PrimaryKey {
        PrimaryKey(name: naming.primaryKey(table: table), columns: columns, location: here)
    }

    static func foreignKey(
        _ table: String, _ columns: [String], _ target: String, _ targetColumns: [String],
        onDelete: ReferentialAction? = nil, onUpdate: ReferentialAction? = nil
    ) -> ForeignKey {
        ForeignKey(
            name: naming.foreignKey(table: table, columns: columns), columns: columns, referencedTable: target,
            referencedColumns: targetColumns, onDelete: onDelete, onUpdate: onUpdate, location: here)
    }

    static func unique(_ table: String, _ columns: [String]) -> UniqueConstraint {
        UniqueConstraint(name: naming.unique(table: table, columns: columns), columns: columns, location: here)
    }

    static func check(_ table: String, _ name: String, _ expression: String) -> CheckConstraint {
        CheckConstraint(name: naming.check(table: table, name: name), expression: expression, location: here)
    }

    static func index(
        _ table: String, _ columns: [IndexColumn], unique: Bool = false, where predicate: String? = nil,
        using method: IndexMethod = .btree
    ) -> Index {
        let name = naming.index(table: table, columns: columns.map(\.name), method: method, isUnique: unique)
        return Index(
            name: name, columns: columns, isUnique: unique, predicate: predicate, method: method, location: here)
    }

    static func table(
        _ name: String, _ columns: [Column], primaryKey key: [String]? = nil, foreignKeys: [ForeignKey] = [],
        unique: [UniqueConstraint] = [], checks: [CheckConstraint] = [], indexes: [Index] = [],
        comment: String? = nil, policy: ImplicitCheck.Policy = .init(), enums: [EnumType] = []
    ) -> Table {
        var table = Table(
            name: name, columns: columns, primaryKey: key.map { primaryKey(name, $0) }, foreignKeys: foreignKeys,
            uniqueConstraints: unique, checks: checks,
            implicitChecks: ImplicitCheck.derive(
                table: name, columns: columns, naming: naming, policy: policy, enums: byName(enums)),
            indexes: indexes, comment: comment, file: here.file, location: here)
        table.triggers = UpdateTrigger.derive(table: name, columns: columns, naming: naming)
        return table
    }

    /// `schema` with its implicit checks derived again under `policy`, as the graph builder would
    /// for a config with those storage choices.
    static func with(_ policy: ImplicitCheck.Policy, _ schema: Schema) -> Schema {
        var schema = schema
        for index in schema.tables.indices {
            let table = schema.tables[index]
            schema.tables[index].implicitChecks = ImplicitCheck.derive(
                table: table.name, columns: table.columns, naming: naming, policy: policy,
                enums: byName(schema.enums))
        }
        return schema
    }

    static func byName(_ enums: [EnumType]) -> [String: EnumType] {
        Dictionary(enums.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The renderer tests' named enum of notes.
    static let noteStatus = EnumType(
        name: "note_status", values: ["draft", "published"], file: here.file, location: here)

    static let projectStatus = EnumType(
        name: "project_status", values: ["active", "paused", "archived"], comment: "Where a project stands",
        file: here.file, location: here)

    static func timestamps() -> [Column] {
        [
            column("created_at", .timestamptz, default: .now),
            column("updated_at", .timestamptz, default: .now, autoUpdate: true),
        ]
    }

    /// Every type, every kind of default, a composite primary key and a composite foreign key, a
    /// cycle (`projects.lead_task_id` ↔ `tasks.project_id`), a self-reference (`tasks.parent_id`),
    /// reserved words as names (`user`, `order`), a column-name keyword left bare (`timestamp`),
    /// partial, descending, unique and GIN indexes, named and inline enums, an identity key,
    /// comments with quotes, and `auto_update` on tables with simple and composite keys.
    /// `vector` is left out: pgvector is not installed here (`kitchenSinkWithVector` adds it).
    static func kitchenSink() -> Schema {
        let user = table(
            "user",
            [
                column("id", .uuid, default: .uuid),
                column("email", .varchar(length: 255), comment: "Where we write to; it's unique"),
                column("display_name", .text, nullable: true, default: .string("it's me")),
                column("is_active", .bool, default: .bool(true)),
                column("avatar", .bytes, nullable: true),
            ] + timestamps(),
            primaryKey: ["id"], unique: [unique("user", ["email"])],
            comment: "People who sign in.\nOne row per person.")

        let projects = table(
            "projects",
            [
                column("id", .uuid, default: .uuid),
                column("owner_id", .uuid),
                column("lead_task_id", .bigint, nullable: true),
                column("name", .varchar(length: 100)),
                column("budget", .decimal(precision: 12, scale: 4), default: .number("0.80")),
                column("settings", .json, default: .json("{}")),
                column("labels", .json, nullable: true, default: .json("[]")),
                column(
                    "status", .enumeration(.named(name: "project_status")),
                    default: .string("active")),
            ] + timestamps(),
            primaryKey: ["id"],
            foreignKeys: [
                foreignKey("projects", ["owner_id"], "user", ["id"], onDelete: .cascade),
                foreignKey("projects", ["lead_task_id"], "tasks", ["id"], onDelete: .setNull),
            ],
            indexes: [
                index("projects", [IndexColumn(name: "owner_id")]),
                index("projects", [IndexColumn(name: "lead_task_id")]),
                index("projects", [IndexColumn(name: "settings")], using: .gin),
                index("projects", [IndexColumn(name: "status")]),
            ], enums: [projectStatus])

        let tasks = table(
            "tasks",
            [
                column("id", .bigint, identity: true),
                column("project_id", .uuid),
                column("parent_id", .bigint, nullable: true),
                column("title", .text),
                column("slug", .text, default: .sql(RawSQL(common: "lower('Task')"))),
                column("priority", .smallint, default: .number("3")),
                column("order", .int, default: .number("0"), comment: "Position in the project's list"),
                column("estimate", .real, nullable: true),
                column("score", .double, default: .number("1.5")),
                column("due_on", .date, nullable: true),
                column("timestamp", .timestamptz, default: .now),
                column("local_at", .timestamp, nullable: true),
                column("kind", .enumeration(.inline(values: ["bug", "feature", "chore"]))),
                column("is_done", .bool, default: .bool(false)),
            ] + timestamps(),
            primaryKey: ["id"],
            foreignKeys: [
                foreignKey("tasks", ["project_id"], "projects", ["id"], onDelete: .cascade),
                foreignKey("tasks", ["parent_id"], "tasks", ["id"], onDelete: .setNull, onUpdate: .cascade),
            ],
            checks: [check("tasks", "priority", "priority BETWEEN 1 AND 5")],
            indexes: [
                index(
                    "tasks", [IndexColumn(name: "project_id"), IndexColumn(name: "created_at", descending: true)]),
                index("tasks", [IndexColumn(name: "parent_id")], where: "parent_id IS NOT NULL"),
                index(
                    "tasks", [IndexColumn(name: "project_id"), IndexColumn(name: "order")], unique: true,
                    where: "is_done = false"),
            ],
            comment: "Work items")

        let memberships = table(
            "memberships",
            [
                column("user_id", .uuid),
                column("project_id", .uuid),
                column(
                    "role", .enumeration(.inline(values: ["owner", "member"])),
                    default: .string("member")),
            ] + timestamps(),
            primaryKey: ["user_id", "project_id"],
            foreignKeys: [
                foreignKey("memberships", ["user_id"], "user", ["id"], onDelete: .cascade),
                foreignKey("memberships", ["project_id"], "projects", ["id"], onDelete: .cascade),
            ],
            indexes: [index("memberships", [IndexColumn(name: "project_id")])])

        let notes = table(
            "membership_notes",
            [
                column("id", .uuid, default: .uuid),
                column("user_id", .uuid),
                column("project_id", .uuid),
                column("body", .text),
                column("created_at", .timestamptz, default: .now),
            ],
            primaryKey: ["id"],
            foreignKeys: [
                foreignKey(
                    "membership_notes", ["user_id", "project_id"], "memberships", ["user_id", "project_id"],
                    onDelete: .cascade)
            ],
            indexes: [
                index("membership_notes", [IndexColumn(name: "user_id"), IndexColumn(name: "project_id")])
            ])

        return Schema(tables: [user, projects, tasks, memberships, notes], enums: [projectStatus])
    }

    /// The kitchen sink plus a table with a `vector` column and an HNSW index.
    static func kitchenSinkWithVector() -> Schema {
        var schema = kitchenSink()
        schema.tables.append(
            table(
                "embeddings",
                [column("id", .uuid, default: .uuid), column("embedding", .vector(dimensions: 3))],
                primaryKey: ["id"],
                indexes: [index("embeddings", [IndexColumn(name: "embedding")], using: .hnsw)]))
        return schema
    }
}
