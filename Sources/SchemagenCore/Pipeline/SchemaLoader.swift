/// Reads schema sources into the graph: YAML → definitions → `Schema`, collecting every finding.
public struct SchemaLoader: Sendable {
    public var naming: Naming
    /// Which implicit checks each database needs: the config's storage choices.
    public var policy: ImplicitCheck.Policy
    public var readerLimits: YAMLReader.Limits
    /// Where the graph builder's per-table work runs: on every core; the tests compare it with
    /// other orders.
    var tableMapping: any TableMapping = ConcurrentTableMapping()

    public init(
        naming: Naming = Naming(), policy: ImplicitCheck.Policy = .init(), readerLimits: YAMLReader.Limits = .init()
    ) {
        self.naming = naming
        self.policy = policy
        self.readerLimits = readerLimits
    }

    /// The loader for a project's config: its naming convention and storage choices.
    public init(config: Config, readerLimits: YAMLReader.Limits = .init()) {
        self.init(naming: Naming(config.naming), policy: ImplicitCheck.Policy(config), readerLimits: readerLimits)
    }

    public struct Result: Sendable {
        /// The graph, when the input had no format errors.
        public var schema: Schema?
        public var diagnostics: [Diagnostic]
    }

    public func load(_ sources: SchemaSources) -> Result {
        var diagnostics: [Diagnostic] = []
        var definitions = SchemaDefinitions()
        // Files parse independently: on all cores, then joined in the sources' order, so the
        // definitions and findings are the same whatever the scheduling.
        // The files' results end with this scope, and the definitions go to the graph builder,
        // which releases them as it goes: they are the front's largest values.
        do {
            let parsed = concurrentMap(count: sources.files.count) { index in parse(sources.files[index]) }
            for file in parsed {
                diagnostics += file.diagnostics
                definitions.tables += file.definitions.tables
                definitions.enums += file.definitions.enums
                definitions.mixins += file.definitions.mixins
            }
        }
        var builder = GraphBuilder(naming: naming, policy: policy, mapping: tableMapping)
        let schema = builder.build(consume definitions)
        diagnostics += builder.diagnostics
        return Result(schema: diagnostics.hasErrors ? nil : schema, diagnostics: diagnostics.sortedForOutput())
    }

    /// One file's definitions and findings.
    func parse(_ file: SchemaSources.File) -> (definitions: SchemaDefinitions, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let root: YAMLNode?
        do {
            root = try YAMLReader(limits: readerLimits).read(file.bytes, file: file.path)
        } catch {
            return (SchemaDefinitions(), [error])
        }
        guard let root else {
            diagnostics.append(
                .warning(
                    "schema file is empty", rule: FormatRule.emptyFile,
                    at: SourceLocation(file: file.path, line: 1, column: 1)))
            return (SchemaDefinitions(), diagnostics)
        }
        var parser = DocumentParser(file: file.path)
        parser.parse(root)
        diagnostics += parser.reader.diagnostics
        let defined = parser.definitions
        if parser.reader.diagnostics.isEmpty, defined.tables.isEmpty, defined.enums.isEmpty, defined.mixins.isEmpty {
            diagnostics.append(
                .warning(
                    "schema file defines no table, enum or mixin", rule: FormatRule.emptyFile,
                    at: SourceLocation(file: file.path, line: 1, column: 1)))
        }
        return (defined, diagnostics)
    }
}

/// The graph builder's per-table work on every core (`concurrentMap`: results in index order).
struct ConcurrentTableMapping: TableMapping {
    func map<Result: Sendable>(count: Int, _ transform: @Sendable (Int) -> Result) -> [Result] {
        concurrentMap(count: count, transform)
    }
}
