import Foundation
import Testing

@testable import SchemagenCore

/// Snapshots of changes (format 3): a change written, read back and folded onto the snapshot
/// before it is the whole snapshot of the schema it leads to, for the history fixtures, random
/// edits through the loader and random graphs; a chain folds in order and says which file does
/// not; the planner writes a change after the first migration and a whole snapshot for a change of
/// half the tables, and the chain verifier and `diff` fold it.
@Suite struct SnapshotChangeTests {
    /// The whole snapshot of `schema` as the planner holds it after reading it back.
    func readBack(_ snapshot: MigrationSnapshot) throws -> MigrationSnapshot {
        try MigrationSnapshot.decode(snapshot.bytes).get()
    }

    /// The change from `old` to `new`, written and read back, folds onto `old` into `new` as its
    /// whole snapshot reads back; returns the change, or `nil` when the names are not distinct.
    @discardableResult
    func expectFolds(
        _ old: MigrationSnapshot, _ new: MigrationSnapshot, _ comment: Comment? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> SnapshotChange? {
        let base = try readBack(old)
        let previous = MigrationID(number: 1, name: "before")
        guard let change = SnapshotChange.between(base, and: new, previous: previous) else { return nil }
        var writer = SnapshotJSONWriter()
        let bytes = writer.write(change)
        guard case .success(.change(let read)) = MigrationSnapshot.read(bytes) else {
            Issue.record("the change does not read back: \(comment?.description ?? "")", sourceLocation: sourceLocation)
            return nil
        }
        #expect(read == change, comment, sourceLocation: sourceLocation)
        var chain = SnapshotChain()
        chain.start(at: previous, with: base)
        let folded = try chain.add(MigrationID(number: 2, name: "after"), bytes: bytes).get()
        let whole = try readBack(new)
        #expect(folded.schema == whole.schema, comment, sourceLocation: sourceLocation)
        #expect(
            SnapshotDeltaTests.deep(folded.schema) == SnapshotDeltaTests.deep(whole.schema), comment,
            sourceLocation: sourceLocation)
        #expect(folded.tableFiles == whole.tableFiles, comment, sourceLocation: sourceLocation)
        #expect(
            change.isEmpty == (base.schema == whole.schema && base.tableFiles == whole.tableFiles), comment,
            sourceLocation: sourceLocation)
        return change
    }

    @Test func theHistoryFixturesFoldStepByStep() throws {
        let versions = try HistoryFixtures.versions()
        for (index, version) in versions.enumerated().dropFirst() {
            let old = MigrationSnapshot(schema: versions[index - 1].schema)
            let change = try expectFolds(old, MigrationSnapshot(schema: version.schema), "\(version.step)")
            #expect(change != nil, "\(version.step)")
            try expectFolds(MigrationSnapshot(schema: version.schema), old, "\(version.step) reversed")
        }
    }

    @Test func randomEditsFold() throws {
        for seed in UInt64(0)..<200 {
            var random = Random(seed: seed &+ 0xC4A6)
            let (old, new, edits) = RandomSchema.randomVersions(edits: 1...6, using: &random)
            let (oldSchema, newSchema) = (try requireSchema(old), try requireSchema(new))
            let change = try expectFolds(
                MigrationSnapshot(schema: oldSchema), MigrationSnapshot(schema: newSchema), "seed \(seed): \(edits)")
            #expect(change != nil, "seed \(seed)")
        }
    }

    /// Random graphs of hostile strings, tables and enums dropped, added, replaced and moved; a
    /// change that cannot be said (names that are not distinct) is `nil`, never a wrong one.
    @Test func randomGraphsFold() throws {
        var folded = 0
        for seed in UInt64(0)..<300 {
            var random = Random(seed: seed &+ 0xF01D)
            let old = RandomGraph.snapshot(using: &random)
            var new = old
            var tables = new.schema.tables
            for _ in 0...random.int(0...4) {
                switch random.int(0...5) {
                case 0 where !tables.isEmpty: tables.remove(at: random.int(0...(tables.count - 1)))
                case 1: tables.insert(RandomGraph.table(using: &random, small: true), at: random.int(0...tables.count))
                case 2 where !tables.isEmpty:
                    tables[random.int(0...(tables.count - 1))] = RandomGraph.table(using: &random, small: true)
                case 3 where tables.count > 1:
                    tables.swapAt(random.int(0...(tables.count - 1)), random.int(0...(tables.count - 1)))
                case 4:
                    new.schema.enums.insert(
                        EnumType(
                            name: RandomGraph.string(using: &random), values: RandomGraph.strings(using: &random),
                            file: "e.yaml", location: .annotationDefault), at: random.int(0...new.schema.enums.count))
                default:
                    if !new.schema.enums.isEmpty { new.schema.enums.removeFirst() }
                }
            }
            new.schema.tables = tables
            if random.int(0...3) == 0 { new.tableFiles[RandomGraph.string(using: &random)] = "x.yaml" }
            if try expectFolds(old, new, "seed \(seed)") != nil { folded += 1 }
        }
        #expect(folded > 100)
    }

    /// A column added to one table of many: the change holds that table alone, no order, and
    /// reads as a few lines; a table added at the end needs no order, one added before the last
    /// does, and one removed is a name.
    @Test func aChangeHoldsWhatChanged() throws {
        let tables = (0..<6).map { "t\($0):\n    columns:\n      id: { type: int, primary_key: true }\n" }
        let old = MigrationSnapshot(schema: try requireSchema("tables:\n  " + tables.joined(separator: "  ")))
        func change(_ yaml: String) throws -> SnapshotChange {
            try #require(
                try expectFolds(old, MigrationSnapshot(schema: try requireSchema("tables:\n  " + yaml)), "\(yaml)"))
        }
        var edited = tables
        edited[2] += "      note: text?\n"
        let column = try change(edited.joined(separator: "  "))
        #expect(column.tables.map(\.name) == ["t2"])
        #expect(column.tableOrder == nil && column.removedTables.isEmpty && column.tableFiles.isEmpty)

        let added = try change(
            (tables + ["t9:\n    columns:\n      id: { type: int, primary_key: true }\n"])
                .joined(separator: "  "))
        #expect(added.tables.map(\.name) == ["t9"] && added.tableOrder == nil)
        #expect(added.tableFiles.keys.sorted() == ["t9"])

        var inserted = tables
        inserted.insert("t9:\n    columns:\n      id: { type: int, primary_key: true }\n", at: 1)
        let moved = try change(inserted.joined(separator: "  "))
        #expect(moved.tableOrder == ["t0", "t9", "t1", "t2", "t3", "t4", "t5"])

        let removed = try change(tables.dropFirst().joined(separator: "  "))
        #expect(removed.removedTables == ["t0"] && removed.tables.isEmpty && removed.tableOrder == nil)
    }

    /// A chain folds in order; a change that does not follow the migration before it, or that
    /// removes what the snapshot before lacks, or comes first, says so.
    @Test func aChainSaysWhichChangeDoesNotFold() throws {
        let first = MigrationSnapshot(schema: try requireSchema("tables:\n  a:\n    columns:\n      id: int\n"))
        let ids = [MigrationID(number: 1, name: "one"), MigrationID(number: 2, name: "two")]
        var change = SnapshotChange(previous: ids[0].description, removedTables: ["a"])
        var writer = SnapshotJSONWriter()
        let files = [ids[0]: first.bytes, ids[1]: writer.write(change)]
        let both = try SnapshotChain.snapshots(0...1, of: ids) { files[$0] }.get()
        #expect(both.map(\.schema) == [first.schema, Schema(tables: [])])
        let folded = try SnapshotChain.snapshots(1...1, of: ids) { files[$0] }.get()[0]
        #expect(folded.schema.tables.isEmpty && folded.tableFiles.isEmpty)

        change.previous = "0007_other"
        var chain = SnapshotChain()
        _ = try chain.add(ids[0], bytes: first.bytes).get()
        #expect(
            chain.add(ids[1], file: .change(change)).failure?.reason
                == "it holds the changes since 0007_other, but the migration before it is 0001_one")
        change.previous = ids[0].description
        change.removedTables = ["b"]
        _ = try chain.add(ids[0], bytes: first.bytes).get()
        #expect(
            chain.add(ids[1], file: .change(change)).failure?.reason
                == "it removes \"b\", which the snapshot before does not hold")
        var empty = SnapshotChain()
        #expect(
            empty.add(ids[1], file: .change(change)).failure?.reason
                == "it holds the changes since 0001_one, and no snapshot comes before it")
        let missing = try SnapshotChain.snapshots(1...1, of: ids) { $0 == ids[1] ? files[ids[1]] : nil }
        #expect(missing.failure?.id == ids[0] && missing.failure?.error == nil)
    }

    /// A change reads as what it is: `decode` (whole snapshots) says it holds changes; a change
    /// without a key it needs says which.
    @Test func aChangeSaysWhyItCannotBeRead() throws {
        var writer = SnapshotJSONWriter()
        let text = String(decoding: writer.write(SnapshotChange(previous: "0001_x")), as: UTF8.self)
        #expect(
            MigrationSnapshot.decode(Array(text.utf8)).failure?.reason
                == "it holds the changes since the migration before, not a whole schema")
        let withoutRemoved = text.replacing("\"removed\"", with: "\"gone\"")
        #expect(
            MigrationSnapshot.read(Array(withoutRemoved.utf8)).failure?.reason.contains(
                "the key \"removed\" is missing")
                == true)
        let four = text.replacing("\"format\" : 3", with: "\"format\" : 4")
        #expect(
            MigrationSnapshot.read(Array(four.utf8)).failure?.reason
                == "it is in snapshot format 4, and this schemagen reads formats 1, 2 and 3")
    }
}

extension SnapshotChangeTests {
    /// The workflow's two tables and six more, so that one or two tables changed are a change.
    static let eightTables =
        MigrationWorkflowTests.v1 + "\n"
        + ["labels", "notes", "alphas", "betas", "gammas", "deltas"].map { name in
            let column = ["labels": "      name: text\n", "notes": "      body: text\n"][name] ?? ""
            return "  \(name):\n    columns:\n      id: { type: uuid, primary_key: true, default: uuid() }\n" + column
        }.joined()

    /// The format and `previous` of a snapshot the planner wrote.
    func header(_ repo: MigrationWorkflowTests.Repository, _ id: String) throws -> (format: Int?, previous: String?) {
        let text = try #require(repo.project.read("Generated/migrations/snapshots/\(id).json"))
        switch MigrationSnapshot.read(Array(text.utf8)) {
        case .success(.change(let change)): return (SnapshotChange.format, change.previous)
        case .success(.whole(let snapshot)): return (snapshot.format, nil)
        case .failure(let error): throw error
        }
    }

    /// The workflow: the first migration's snapshot whole, the next ones changes, each naming the
    /// one before; a run after them has nothing to do, with the history read whole or in blocks;
    /// once half of the tables differ from the last whole snapshot, the next one is written whole;
    /// the chain verifier proves the chain on
    /// SQLite, and `diff` between two commits reads the folded snapshots.
    @Test func thePlannerWritesChangesAfterTheFirstMigration() throws {
        let repo = try MigrationWorkflowTests.Repository(schema: Self.eightTables)
        func step(_ schema: String, expecting id: String) throws {
            try repo.project.write("schema/app.yaml", schema)
            let result = try repo.generate()
            #expect(repo.errors(result).isEmpty)
            #expect(result.migration?.id.description == id)
            try repo.commit(id)
            let again = Generator(root: repo.root).run()
            #expect(repo.errors(again).isEmpty && again.migration == nil, "\(id): nothing to do after it")
            var blocks = Generator(root: repo.root)
            blocks.historyDeferringFrom = 0
            let inBlocks = blocks.run()
            #expect(repo.errors(inBlocks).isEmpty && inBlocks.migration == nil, "\(id): read in blocks")
        }
        try step(Self.eightTables, expecting: "0001_create_schema")
        #expect(try header(repo, "0001_create_schema").format == 2)

        let second = Self.eightTables.replacing("      body: text\n", with: "      body: text\n      pinned: bool?\n")
        try step(second, expecting: "0002_add_notes_pinned")
        #expect(try header(repo, "0002_add_notes_pinned") == (3, "0001_create_schema"))
        let text = try #require(repo.project.read("Generated/migrations/snapshots/0002_add_notes_pinned.json"))
        #expect(text.split(separator: "\n").count < 40, "a table's lines, not the schema's")

        let third = second.replacing("      title: text\n", with: "      title: text\n      done: bool?\n")
        try step(third, expecting: "0003_add_tasks_done")
        #expect(try header(repo, "0003_add_tasks_done") == (3, "0002_add_notes_pinned"))

        // Two tables more: half of the eight differ from the whole snapshot, written whole again.
        let fourth = third.replacing("      name: text\n", with: "      name: text\n      color: text?\n")
            .replacing("      name: varchar(100)\n", with: "      name: varchar(100)\n      archived: bool?\n")
        try repo.project.write("schema/app.yaml", fourth)
        let whole = try repo.generate()
        #expect(repo.errors(whole).isEmpty)
        let wholeID = try #require(whole.migration?.id.description)
        #expect(try header(repo, wholeID).format == MigrationSnapshot.currentFormat)
        try repo.commit()

        // A table dropped after the whole one: a change again, which folds on it.
        let dropped = fourth.replacing(
            "  labels:\n    columns:\n      id: { type: uuid, primary_key: true, default: uuid() }\n      name: text\n      color: text?\n",
            with: "")
        try repo.project.write("schema/app.yaml", dropped)
        let drop = try repo.generate(MigrationOptions(acceptDataLoss: true))
        #expect(repo.errors(drop).isEmpty)
        let dropID = try #require(drop.migration?.id.description)
        #expect(try header(repo, dropID) == (3, wholeID))
        try repo.commit()
        #expect(repo.errors(Generator(root: repo.root).run()).isEmpty)

        let verifier = ChainVerifier(config: ConfigLoader.load(root: repo.root).config, root: repo.root)
        let steps = try verifier.steps(for: .sqlite).get()
        #expect(steps.count == 5)
        for (step, yaml) in zip(steps, [Self.eightTables, second, third, fourth, dropped]) {
            #expect(step.snapshot == (try requireSchema(yaml)), "\(step.id)")
        }
        let outcome = verifier.verify(on: try SQLiteScratch())
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")

        let made = ChangeReport.make(
            from: SchemaVersion(location: .revision("HEAD~3", project: repo.root), label: "HEAD~3"),
            to: SchemaVersion(location: .revision("HEAD~1", project: repo.root), label: "HEAD~1"))
        #expect(made.diagnostics.isEmpty)
        let report = try #require(made.report)
        #expect(report.migrations.map(\.id) == ["0003_add_tasks_done", wholeID])
        #expect(report.tables.map(\.name).sorted() == ["labels", "projects", "tasks"])
        #expect(report.tables.first { $0.name == "tasks" }?.migrations == ["0003_add_tasks_done"])

        // A snapshot missing before a whole one is named, not skipped.
        try FileManager.default.removeItem(
            at: repo.root.appending(path: "Generated/migrations/snapshots/0003_add_tasks_done.json"))
        let gap = ChangeReport.make(
            from: SchemaVersion(location: .revision("HEAD~3", project: repo.root), label: "HEAD~3"),
            to: SchemaVersion.workTree(repo.root))
        #expect(gap.report == nil)
        #expect(gap.diagnostics.map(\.message) == ["Generated/migrations/snapshots has no snapshot of migration 0003"])
    }
}

extension SnapshotChangeTests {
    /// The planner's chain after `steps` (each a schema, committed as its migration): every step
    /// a change, each folding into its schema, proven on SQLite, and a run after the last with
    /// nothing to do.
    func expectChain(_ steps: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let repo = try MigrationWorkflowTests.Repository(schema: steps[0])
        for (index, yaml) in steps.enumerated() {
            try repo.project.write("schema/app.yaml", yaml)
            let result = try repo.generate(MigrationOptions(acceptDataLoss: true))
            #expect(repo.errors(result).isEmpty, sourceLocation: sourceLocation)
            let id = try #require(result.migration?.id.description, "step \(index)", sourceLocation: sourceLocation)
            if index > 0 { #expect(try header(repo, id).format == 3, "\(id)", sourceLocation: sourceLocation) }
            try repo.commit()
        }
        let again = Generator(root: repo.root).run()
        #expect(repo.errors(again).isEmpty && again.migration == nil, sourceLocation: sourceLocation)
        let verifier = ChainVerifier(config: ConfigLoader.load(root: repo.root).config, root: repo.root)
        let proven = try verifier.steps(for: .sqlite).get()
        #expect(proven.count == steps.count, sourceLocation: sourceLocation)
        for (step, yaml) in zip(proven, steps) {
            #expect(step.snapshot == (try requireSchema(yaml)), "\(step.id)", sourceLocation: sourceLocation)
        }
        let outcome = verifier.verify(on: try SQLiteScratch())
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")", sourceLocation: sourceLocation)
    }

    /// A table dropped by one change and given back as it was by a later one, first among the
    /// tables (the change then says the order) and last; a table renamed away and back.
    @Test func aTableGivenBackAfterAChangeRemovedItFolds() throws {
        let tables = Self.eightTables
        let alphas = "  alphas:\n    columns:\n      id: { type: uuid, primary_key: true, default: uuid() }\n"
        let withoutAlphas = tables.replacing(alphas, with: "")
        try expectChain([tables, withoutAlphas, tables])
        try expectChain([withoutAlphas, tables, withoutAlphas, tables])
        let first = tables.replacing("tables:\n", with: "tables:\n" + alphas).replacing(
            alphas + "  betas", with: "  betas")
        try expectChain([first, withoutAlphas, first])
        let renamed = tables.replacing("  alphas:\n", with: "  omegas:\n    renamed_from: alphas\n")
        let back = tables.replacing("  alphas:\n", with: "  alphas:\n    renamed_from: omegas\n")
        try expectChain([tables, renamed, back])
    }

    /// A change reformatted by hand (another layout, the same JSON) is still read as a change,
    /// by the planner and by the chain; one that names a table twice says so.
    @Test func aChangeLaidOutOtherwiseIsStillAChange() throws {
        let repo = try MigrationWorkflowTests.Repository(schema: Self.eightTables)
        try repo.generate()
        try repo.commit()
        let second = Self.eightTables.replacing("      body: text\n", with: "      body: text\n      pinned: bool?\n")
        try repo.project.write("schema/app.yaml", second)
        let id = try #require(try repo.generate().migration?.id)
        let path = "Generated/" + MigrationLayout.snapshot(id)
        let text = try #require(repo.project.read(path))
        let compact = text.replacing("\" : ", with: "\":").replacing("\n", with: "")
        #expect(MigrationSnapshot.format(ofTextStartingWith: Array(compact.utf8)) == nil)
        #expect(SnapshotFile.isChange(Array(compact.utf8)))
        try repo.project.write(path, compact)
        // Pending: the planner reads it as the change it is, and writes it again as it was.
        let again = try repo.generate()
        #expect(repo.errors(again).isEmpty)
        #expect(repo.project.read(path) == text)
        try repo.project.write(path, compact)
        let ids = [MigrationID(number: 1, name: "create_schema"), id]
        let folded = try SnapshotChain.snapshots(1...1, of: ids) { id in
            repo.project.read("Generated/" + MigrationLayout.snapshot(id)).map { Array($0.utf8) }
        }
        #expect(try folded.get()[0].schema == (try requireSchema(second)))

        var change = SnapshotChange(previous: ids[0].description, removedTables: ["notes", "notes"])
        var chain = SnapshotChain()
        let first = try #require(repo.project.read("Generated/" + MigrationLayout.snapshot(ids[0])))
        _ = try chain.add(ids[0], bytes: Array(first.utf8)).get()
        #expect(chain.add(id, file: .change(change)).failure?.reason == "it names \"notes\" twice")
        change.removedTables = []
        let notes = try #require(try requireSchema(second).table(named: "notes"))
        change.tables = [notes, notes]
        _ = try chain.add(ids[0], bytes: Array(first.utf8)).get()
        #expect(chain.add(id, file: .change(change)).failure?.reason == "it names \"notes\" twice")
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let failure) = self { failure } else { nil }
    }
}
