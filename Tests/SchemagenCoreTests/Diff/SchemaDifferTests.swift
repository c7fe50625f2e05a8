import Testing

@testable import SchemagenCore

@Suite struct SchemaDifferTests {
    static let base = """
        tables:
          projects:
            columns:
              id: { type: uuid, primary_key: true }
              name: varchar(100)
          tasks:
            columns:
              id: { type: uuid, primary_key: true }
              title: varchar(200)
              project_id: { type: uuid, references: projects.id, on_delete: cascade, index: true }
        """

    func diff(_ old: String, _ new: String) throws -> SchemaDiff {
        let from = try #require(loadSchema(old).schema)
        let to = try #require(loadSchema(new).schema)
        return SchemaDiffer.diff(from: from, to: to)
    }

    /// A short word for each change, enough to read the plan in an assertion.
    func summary(_ diff: SchemaDiff) -> [String] {
        diff.changes.map { change in
            switch change {
            case .createTable(let table): "create \(table.name)"
            case .dropTable(let table): "drop \(table.name)"
            case .renameTable(let from, let to): "rename \(from) → \(to)"
            case .addColumn(let table, let column): "add \(table).\(column.name)"
            case .dropColumn(let table, let column): "drop \(table).\(column.name)"
            case .renameColumn(let table, let from, let to): "rename \(table).\(from) → \(to)"
            case .alterColumn(let table, let from, _): "alter \(table).\(from.name)"
            case .renameConstraint(_, let from, let to): "rename constraint \(from) → \(to)"
            case .renameIndex(_, let from, let to): "rename index \(from) → \(to)"
            case .renameImplicitCheck(_, let check, let to): "rename check \(check.name) → \(to)"
            case .addIndex(_, let index): "add index \(index.name)"
            case .dropIndex(_, let index): "drop index \(index.name)"
            case .addForeignKey(_, let key): "add fk \(key.name)"
            case .dropForeignKey(_, let key): "drop fk \(key.name)"
            default: "\(change)"
            }
        }
    }

    @Test func anUnchangedSchemaHasNoChanges() throws {
        #expect(try diff(Self.base, "\n\n" + Self.base).isEmpty)
    }

    @Test func anAddedColumnIsOneChange() throws {
        let new = Self.base.replacing(
            "      title: varchar(200)\n",
            with: "      title: varchar(200)\n      priority: { type: int, default: 0 }\n")
        #expect(try summary(diff(Self.base, new)) == ["add tasks.priority"])
    }

    @Test func aDeclaredTableRenameRenamesItsDerivedNamesToo() throws {
        let new = Self.base.replacing("  tasks:\n", with: "  jobs:\n    renamed_from: tasks\n")
        #expect(
            try summary(diff(Self.base, new)) == [
                "rename tasks → jobs",
                "rename constraint pk_tasks → pk_jobs",
                "rename check ck_tasks_id_uuid → ck_jobs_id_uuid",
                "rename check ck_tasks_project_id_uuid → ck_jobs_project_id_uuid",
                "rename index ix_tasks_project_id → ix_jobs_project_id",
                "rename constraint fk_tasks_project_id → fk_jobs_project_id",
            ])
        // Once the rename is done, `renamed_from` left in the schema changes nothing.
        #expect(try diff(new, new).isEmpty)
    }

    @Test func aRenameThatIsNotDeclaredIsADropAndAnAdd() throws {
        let new = Self.base.replacing("title: varchar(200)", with: "heading: varchar(200)")
        #expect(try summary(diff(Self.base, new)) == ["drop tasks.title", "add tasks.heading"])
        let declared = Self.base.replacing(
            "title: varchar(200)", with: "heading: { type: varchar(200), renamed_from: title }")
        #expect(try summary(diff(Self.base, declared)) == ["rename tasks.title → heading"])
    }

    @Test func aRenamedParentKeepsItsChildrensKeys() throws {
        let new = Self.base.replacing("  projects:\n", with: "  boards:\n    renamed_from: projects\n")
            .replacing("references: projects.id", with: "references: boards.id")
        #expect(
            try summary(diff(Self.base, new)) == [
                "rename projects → boards", "rename constraint pk_projects → pk_boards",
                "rename check ck_projects_id_uuid → ck_boards_id_uuid",
            ])
    }

    @Test func aDroppedParentLosesItsChildrensKeysFirst() throws {
        let new = """
            tables:
              tasks:
                columns:
                  id: { type: uuid, primary_key: true }
                  title: varchar(200)
            """
        #expect(
            try summary(diff(Self.base, new)) == [
                "drop fk fk_tasks_project_id", "drop projects", "drop index ix_tasks_project_id",
                "drop tasks.project_id",
            ])
    }

    /// A named enum is one definition that its columns refer to by name: a value added to it is
    /// one enum change, the columns keep their type, and only the check of the values that each
    /// table holds follows.
    @Test func aValueAddedToASharedEnumChangesTheEnumNotItsColumns() throws {
        let old =
            "enums:\n  state: [open, closed]\n"
            + Self.base
            .replacing("      name: varchar(100)\n", with: "      name: varchar(100)\n      state: state\n")
            .replacing("      title: varchar(200)\n", with: "      title: varchar(200)\n      state: state\n")
        let new = old.replacing("state: [open, closed]", with: "state: [open, closed, archived]")
        let forward = try diff(old, new)
        var alteredEnums: [[String]] = []
        var checks: [String] = []
        for change in forward.changes {
            switch change {
            case .alterEnum(let from, let to):
                #expect(from.name == "state")
                alteredEnums.append(to.values)
            case .addImplicitCheck(_, let check):
                checks.append("add \(check.name) \(check.kind)")
            case .dropImplicitCheck(_, let check):
                checks.append("drop \(check.name)")
            default:
                Issue.record("unexpected \(change)")
            }
        }
        #expect(alteredEnums == [["open", "closed", "archived"]])
        #expect(
            checks.sorted() == [
                #"add ck_projects_state_values values(["open", "closed", "archived"])"#,
                #"add ck_tasks_state_values values(["open", "closed", "archived"])"#,
                "drop ck_projects_state_values", "drop ck_tasks_state_values",
            ])
        let column = try #require(forward.to.table(named: "tasks")?.column(named: "state"))
        #expect(column.type == .enumeration(.named(name: "state")))
        #expect(forward.to.values(of: .named(name: "state")) == ["open", "closed", "archived"])
    }

    /// The reverse of the reverse is the plan itself, and the reverse goes back to the old version.
    @Test func theReverseUndoesEveryChange() throws {
        let new = Self.base.replacing("  tasks:\n", with: "  jobs:\n    renamed_from: tasks\n")
            .replacing(
                "      title: varchar(200)\n", with: "      title: text\n      done: { type: bool, default: false }\n")
        let forward = try diff(Self.base, new)
        #expect(forward.reversed.reversed == forward)
        #expect(forward.reversed.from == forward.to)
        #expect(summary(forward.reversed).first == "rename constraint fk_jobs_project_id → fk_tasks_project_id")
        #expect(summary(forward.reversed).last == "rename jobs → tasks")
    }

    /// What a table drops is its old constraint or index, in the names it has at that point of
    /// the plan: a foreign key is dropped before the tables are renamed (so under the table's old
    /// name), an index before its columns are renamed. The down adds them back after undoing the
    /// renames, so it needs them as they were.
    @Test func whatATableDropsIsSpelledAsItWas() throws {
        let new =
            Self.base.replacing("  tasks:\n", with: "  jobs:\n    renamed_from: tasks\n")
            .replacing("title: varchar(200)", with: "heading: { type: varchar(200), renamed_from: title }")
            .replacing("on_delete: cascade, index: true }", with: "on_delete: restrict, index: true }")
            + "\n    indexes:\n      - { columns: [heading], where: \"heading <> ''\" }"
        let old = Self.base + "\n    indexes:\n      - { columns: [title], where: \"title <> ''\" }"
        let forward = try diff(old, new)
        let summary = summary(forward)
        let dropKey = try #require(summary.firstIndex(of: "drop fk fk_tasks_project_id"))
        let rename = try #require(summary.firstIndex(of: "rename tasks → jobs"))
        #expect(dropKey < rename)
        for change in forward.changes {
            switch change {
            case .dropForeignKey(let table, _):
                #expect(table == "tasks")
            case .dropIndex(_, let index):
                #expect(index.columns.map(\.name) == ["title"])
                #expect(index.predicate == "title <> ''")
            default:
                break
            }
        }
        for change in forward.reversed.changes {
            if case .addIndex(_, let index) = change, index.name == "ix_tasks_title" {
                #expect(index.columns.map(\.name) == ["title"])
            }
        }
    }
}
