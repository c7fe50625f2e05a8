import SchemagenCore
import Testing

@Suite struct KeyRuleTests {
    typealias F = LintFixture

    // MARK: primary-key

    @Test func tableWithoutPrimaryKeyIsReported() {
        let table = F.table("events", line: 3, primaryKey: nil)
        #expect(F.findings("primary-key", [table]) == ["3:3: error: table 'events' has no primary key"])
    }

    @Test func identityKeyIsReportedAndAnExceptionExcusesIt() {
        let id = F.column("id", .bigint, line: 4, identity: true)
        let table = F.table("log_entries", line: 3, columns: [id], withID: false)
        #expect(
            F.findings("primary-key", [table]) == [
                "4:7: error: primary key 'log_entries.id' is a sequential bigint; keys are uuids"
            ])
        let excused = F.column(
            "id", .bigint, line: 4, identity: true,
            exceptions: [("primary-key", "Log entries need sequential ids for ordering.", 5)])
        #expect(F.lint([F.table("log_entries", line: 3, columns: [excused], withID: false)]).isEmpty)
    }

    @Test func uuidKeyWithoutDefaultIsReported() {
        let table = F.table("tags", line: 3, columns: [F.column("id", .uuid, line: 4)], withID: false)
        #expect(F.findings("primary-key", [table]) == ["4:7: error: primary key 'tags.id' has no `uuid()` default"])
    }

    @Test func stringKeyNeedsTheStringKeyType() {
        let key = F.column("tag_id", .varchar(length: 36), line: 4, default: .uuid)
        let table = F.table("secret_tags", line: 3, columns: [key], primaryKey: ["tag_id"], withID: false)
        #expect(
            F.findings("primary-key", [table]) == [
                "4:7: error: primary key 'secret_tags.tag_id' is varchar(36); a single-column key is a uuid"
            ])
        var settings = RuleSettings()
        settings.keyType = .string
        #expect(F.findings("primary-key", [table], settings: settings) == [])
        let withoutDefault = F.table(
            "secret_tags", line: 3, columns: [F.column("tag_id", .text, line: 4)], primaryKey: ["tag_id"],
            withID: false)
        #expect(
            F.findings("primary-key", [withoutDefault], settings: settings) == [
                "4:7: error: primary key 'secret_tags.tag_id' has no default"
            ])
    }

    @Test func compositeKeyOfAJoinTableIsQuiet() {
        let table = F.table(
            "conversation_participants", line: 3,
            columns: [F.column("conversation_id", .uuid, line: 4), F.column("agent_id", .uuid, line: 5)],
            primaryKey: ["conversation_id", "agent_id"], withID: false)
        #expect(F.findings("primary-key", [table]) == [])
    }

    // MARK: fk-type

    @Test func foreignKeyOfAnotherTypeIsReported() {
        let tasks = F.table(
            "cost_records", line: 50, columns: [F.column("user_id", .int, line: 52)],
            foreignKeys: [F.foreignKey("cost_records", ["user_id"], references: "users", line: 52)],
            indexes: [F.index("cost_records", ["user_id"], line: 60)])
        let diagnostic = F.lint([F.users, tasks]).first { $0.rule == "fk-type" }
        #expect(diagnostic?.message == "foreign key column 'user_id' is int but 'users.id' is uuid")
        #expect(diagnostic?.location == F.at(52, 7))
        #expect(diagnostic?.fixes == ["declare it as `type: uuid`"])
        #expect(diagnostic?.notes.first?.location == F.at(2, 7))
    }

    @Test func varcharLengthsMustMatchToo() {
        let codes = F.table(
            "codes", line: 1, columns: [F.column("code", .varchar(length: 36), line: 3)],
            uniques: [UniqueConstraint(name: "uq_codes_code", columns: ["code"], location: F.at(3, 7))])
        let uses = F.table(
            "code_uses", line: 50, columns: [F.column("code", .varchar(length: 50), line: 52, nullable: true)],
            foreignKeys: [F.foreignKey("code_uses", ["code"], references: "codes", ["code"], line: 52)],
            indexes: [F.index("code_uses", ["code"], line: 60)])
        #expect(
            F.findings("fk-type", [codes, uses]) == [
                "52:7: error: foreign key column 'code' is varchar(50) but 'codes.code' is varchar(36)"
            ])
        #expect(F.fixes("fk-type", [codes, uses]) == ["declare it as `type: varchar(36)?`"])
    }

    @Test func matchingForeignKeyTypeIsQuiet() {
        #expect(F.findings("fk-type", [F.users, F.projects]) == [])
    }

    // MARK: fk-index

    @Test func unindexedForeignKeyIsReported() {
        let projects = F.table(
            "projects", line: 50, columns: [F.column("owner_id", .uuid, line: 52)],
            foreignKeys: [F.foreignKey("projects", ["owner_id"], references: "users", line: 52)])
        let diagnostic = F.lint([F.users, projects]).first { $0.rule == "fk-index" }
        #expect(diagnostic?.message == "foreign key 'projects.owner_id' has no index")
        #expect(diagnostic?.location == F.at(52, 20))
        #expect(diagnostic?.fixes == ["add `index: true` to the column, or an index that starts with owner_id"])
    }

    @Test func foreignKeyLeadingACompositeIndexOrKeyIsQuiet() {
        let members = F.table(
            "members", line: 50,
            columns: [F.column("user_id", .uuid, line: 52), F.column("team_id", .uuid, line: 53)],
            primaryKey: ["user_id", "team_id"], withID: false,
            foreignKeys: [
                F.foreignKey("members", ["user_id"], references: "users", line: 52),
                F.foreignKey("members", ["team_id"], references: "users", line: 53),
            ],
            indexes: [F.index("members", ["team_id", "user_id"], line: 60)])
        #expect(F.findings("fk-index", [F.users, members]) == [])
    }

    /// A partial index serves a foreign key only when its predicate holds for every row a lookup by
    /// the key can match: `… IS NOT NULL` on the key's columns does; anything else leaves rows out.
    @Test func partialIndexServesAForeignKeyOnlyWhenItKeepsEveryLookup() {
        func findings(where predicate: String) -> [String] {
            let projects = F.table(
                "projects", line: 50,
                columns: [F.column("owner_id", .uuid, line: 52, nullable: true), F.column("flag", .bool, line: 53)],
                foreignKeys: [F.foreignKey("projects", ["owner_id"], references: "users", line: 52)],
                indexes: [F.index("projects", ["owner_id"], line: 60, where: predicate)])
            return F.findings("fk-index", [F.users, projects])
        }
        for quiet in ["owner_id IS NOT NULL", "(owner_id is not null)", "\"owner_id\" IS NOT NULL"] {
            #expect(findings(where: quiet) == [], "\(quiet)")
        }
        for loud in ["flag", "owner_id IS NOT NULL AND flag", "flag IS NOT NULL", "owner_id IS NULL", "NOT flag"] {
            #expect(
                findings(where: loud) == [
                    "52:20: error: foreign key (owner_id) has only the partial index 'ix_projects_owner_id', whose `where` leaves rows a lookup needs"
                ], "\(loud)")
        }
    }

    @Test func foreignKeyInTheSecondPlaceIsNotIndexed() {
        let members = F.table(
            "members", line: 50,
            columns: [F.column("user_id", .uuid, line: 52), F.column("team_id", .uuid, line: 53)],
            foreignKeys: [
                F.foreignKey("members", ["user_id"], references: "users", line: 52),
                F.foreignKey("members", ["team_id"], references: "users", line: 53),
            ],
            indexes: [F.index("members", ["team_id", "user_id"], line: 60)])
        #expect(
            F.findings("fk-index", [F.users, members]) == ["52:20: error: foreign key 'members.user_id' has no index"])
    }

    @Test func foreignKeyUnderGinIsNotIndexed() {
        let members = F.table(
            "members", line: 50,
            columns: [F.column("user_id", .uuid, line: 52), F.column("team_id", .uuid, line: 53)],
            foreignKeys: [
                F.foreignKey("members", ["user_id"], references: "users", line: 52),
                F.foreignKey("members", ["team_id"], references: "users", line: 53),
            ],
            indexes: [F.index("members", ["team_id", "user_id"], line: 60, using: .gin)])
        #expect(
            F.findings("fk-index", [F.users, members]) == [
                "52:20: error: foreign key 'members.user_id' has no index",
                "53:20: error: foreign key 'members.team_id' has no index",
            ])
    }

    @Test func uniqueConstraintServesAsIndex() {
        let profiles = F.table(
            "profiles", line: 50, columns: [F.column("user_id", .uuid, line: 52)],
            foreignKeys: [F.foreignKey("profiles", ["user_id"], references: "users", line: 52)],
            uniques: [UniqueConstraint(name: "uq_profiles_user_id", columns: ["user_id"], location: F.at(52, 7))])
        #expect(F.findings("fk-index", [F.users, profiles]) == [])
    }

    // MARK: fk-target

    @Test func foreignKeyToANonUniqueColumnIsReported() {
        let logins = F.table(
            "logins", line: 50, columns: [F.column("email", .varchar(length: 255), line: 52)],
            foreignKeys: [F.foreignKey("logins", ["email"], references: "users", ["email"], line: 52)],
            indexes: [F.index("logins", ["email"], line: 60)])
        #expect(
            F.findings("fk-target", [F.users, logins]) == [
                "52:20: error: foreign key references users(email), which is neither the primary key nor unique"
            ])
        var users = F.users
        users.uniqueConstraints = [UniqueConstraint(name: "uq_users_email", columns: ["email"], location: F.at(3, 7))]
        #expect(F.findings("fk-target", [users, logins]) == [])
    }

    // MARK: fk-set-null

    @Test func setNullOnANotNullColumnIsReported() {
        var projects = F.projects
        projects.foreignKeys[0].onDelete = .setNull
        #expect(
            F.findings("fk-set-null", [F.users, projects]) == [
                "52:20: error: `on_delete: set_null` on NOT NULL column 'owner_id'"
            ])
        projects.columns[1].isNullable = true
        #expect(F.findings("fk-set-null", [F.users, projects]) == [])
    }

    // MARK: fk-set-default

    /// `set_default` writes the column's default: on a NOT NULL column without one that is NULL,
    /// and the parent's delete fails in both databases.
    @Test func setDefaultNeedsADefaultOnANotNullColumn() {
        var projects = F.projects
        projects.foreignKeys[0].onDelete = .setDefault
        projects.foreignKeys[0].onDeleteLocation = F.at(52, 60)
        #expect(
            F.findings("fk-set-default", [F.users, projects]) == [
                "52:60: error: `on_delete: set_default` on NOT NULL column 'owner_id' without a default"
            ])
        var withDefault = projects
        withDefault.columns[1].defaultValue = .string("00000000-0000-0000-0000-000000000000")
        #expect(F.findings("fk-set-default", [F.users, withDefault]) == [])
        var nullable = projects
        nullable.columns[1].isNullable = true
        #expect(F.findings("fk-set-default", [F.users, nullable]) == [])
        // set_null is the other rule's.
        projects.foreignKeys[0].onDelete = .setNull
        #expect(F.findings("fk-set-default", [F.users, projects]) == [])
    }

    // MARK: fk-cycle

    @Test func cycleIsReportedOnceAtTheClosingKey() {
        let agents = F.table(
            "agents", line: 1, columns: [F.column("project_id", .uuid, line: 3, nullable: true)],
            foreignKeys: [F.foreignKey("agents", ["project_id"], references: "projects", line: 3)],
            indexes: [F.index("agents", ["project_id"], line: 10)])
        let projects = F.table(
            "projects", line: 50,
            columns: [
                F.column("lead_agent_id", .uuid, line: 52, nullable: true),
                F.column("backup_agent_id", .uuid, line: 53, nullable: true),
            ],
            foreignKeys: [
                F.foreignKey("projects", ["lead_agent_id"], references: "agents", line: 52),
                F.foreignKey("projects", ["backup_agent_id"], references: "agents", line: 53),
            ],
            indexes: [
                F.index("projects", ["lead_agent_id"], line: 60), F.index("projects", ["backup_agent_id"], line: 61),
            ])
        let diagnostics = F.lint([agents, projects]).filter { $0.rule == "fk-cycle" }
        #expect(diagnostics.map(\.message) == ["foreign keys form a cycle: agents → projects → agents"])
        #expect(diagnostics.first?.severity == .warning)
        #expect(diagnostics.first?.location == F.at(52, 20))
        #expect(diagnostics.first?.notes.map(\.location) == [F.at(3, 20)])
    }

    /// With a NOT NULL key between every two tables of a cycle, no row can go in: that is the
    /// `required-cycle` error's, not this warning's; the warning's fix names a key that can be null.
    @Test func cycleOfRequiredKeysIsLeftToTheError() {
        func pair(nullable: Bool) -> [Table] {
            [
                F.table(
                    "accounts", line: 1, columns: [F.column("owner_id", .uuid, line: 3)],
                    foreignKeys: [F.foreignKey("accounts", ["owner_id"], references: "members", line: 3)],
                    indexes: [F.index("accounts", ["owner_id"], line: 10)]),
                F.table(
                    "members", line: 20, columns: [F.column("account_id", .uuid, line: 22, nullable: nullable)],
                    foreignKeys: [F.foreignKey("members", ["account_id"], references: "accounts", line: 22)],
                    indexes: [F.index("members", ["account_id"], line: 30)]),
            ]
        }
        #expect(F.findings("fk-cycle", pair(nullable: false)) == [])
        let warning = F.lint(pair(nullable: true)).filter { $0.rule == "fk-cycle" }
        #expect(
            warning.map(\.fixes) == [
                [
                    "keep the link on one side only, or insert in two steps: leave members.account_id null, then set it once the other row exists"
                ]
            ])
    }

    @Test func everyElementaryCycleIsReported() {
        func table(_ name: String, line: Int, references targets: [String]) -> Table {
            let columns = targets.enumerated().map { F.column("\($1)_id", .uuid, line: line + 2 + $0, nullable: true) }
            return F.table(
                name, line: line, columns: columns,
                foreignKeys: targets.enumerated().map {
                    F.foreignKey(name, ["\($1)_id"], references: $1, line: line + 2 + $0)
                },
                indexes: targets.enumerated().map { F.index(name, ["\($1)_id"], line: line + 20 + $0) })
        }
        // a → b → d → a and a → c → d → a share the edge d → a.
        let tables = [
            table("alphas", line: 1, references: ["betas", "gammas"]),
            table("betas", line: 100, references: ["deltas"]),
            table("gammas", line: 200, references: ["deltas"]),
            table("deltas", line: 300, references: ["alphas"]),
        ]
        #expect(
            F.findings("fk-cycle", tables) == [
                "302:20: warning: foreign keys form a cycle: alphas → betas → deltas → alphas",
                "302:20: warning: foreign keys form a cycle: alphas → gammas → deltas → alphas",
            ])
    }

    @Test func selfReferenceIsNotACycle() {
        let tasks = F.table(
            "messages", line: 1, columns: [F.column("reply_to_id", .uuid, line: 3, nullable: true)],
            foreignKeys: [F.foreignKey("messages", ["reply_to_id"], references: "messages", line: 3)],
            indexes: [F.index("messages", ["reply_to_id"], line: 10)])
        #expect(F.lint([tasks]).isEmpty)
    }
}
