/// Turns a validated schema graph into output files for one target.
///
/// A renderer's output comes in independent parts (`parts(of:)`), so that a pipeline can render
/// them on several cores as jobs of their own; `render(_:)` renders every part in turn and joins
/// them, byte for byte the same files.
public protocol Renderer: Sendable {
    /// The schema's output cut into parts that render independently of each other, of about
    /// `tablesPerPart` tables each (at least one part). What every part needs of the whole schema
    /// (names, positions, templates) is derived once, here.
    func parts(of schema: Schema, tablesPerPart: Int) throws(Diagnostic) -> RenderParts
}

extension Renderer {
    /// The parts of `RenderParts.tablesPerPart` tables.
    public func parts(of schema: Schema) throws(Diagnostic) -> RenderParts {
        try parts(of: schema, tablesPerPart: RenderParts.tablesPerPart)
    }

    /// Every file of the target: every part rendered in turn, joined (`RenderParts.join`).
    public func render(_ schema: Schema) throws(Diagnostic) -> [GeneratedFile] {
        let parts = try parts(of: schema)
        var rendered: [RenderedPart] = []
        rendered.reserveCapacity(parts.count)
        for index in 0..<parts.count { rendered.append(try parts.render(index)) }
        return RenderParts.join(rendered)
    }
}

/// A renderer's output for one schema as `count` parts, each rendered by `render(_:)` on any thread
/// in any order. Part `i`'s whole files come before part `i + 1`'s, and a file that spans parts
/// (`postgres/schema.sql`, a range of tables in each part) is its pieces in part order:
/// `join` of every part, in order, is what `Renderer.render(_:)` gives.
public struct RenderParts: Sendable {
    public let count: Int
    private let renderPart: @Sendable (Int) throws(Diagnostic) -> RenderedPart

    init(count: Int, _ renderPart: @escaping @Sendable (Int) throws(Diagnostic) -> RenderedPart) {
        self.count = count
        self.renderPart = renderPart
    }

    /// Part `index`, `0..<count`.
    public func render(_ index: Int) throws(Diagnostic) -> RenderedPart {
        try renderPart(index)
    }

    /// The renderer's files from its parts in part order: each part's whole files as they come, then
    /// each file that spans parts (after all whole files, in the order of its first piece) as its
    /// pieces joined.
    public static func join(_ parts: [RenderedPart]) -> [GeneratedFile] {
        var files = parts.flatMap(\.files)
        files += joinPieces(parts.map(\.pieces))
        return files
    }

    /// The files that span parts, from each part's pieces in part order, in the order of their
    /// first piece.
    public static func joinPieces(_ pieces: [[GeneratedFile]]) -> [GeneratedFile] {
        var order: [String] = []
        var byPath: [String: [GeneratedFile]] = [:]
        for part in pieces {
            for piece in part {
                if byPath[piece.path] == nil { order.append(piece.path) }
                byPath[piece.path, default: []].append(piece)
            }
        }
        // Their bytes joined (`SpanningFiles` joins them so too), which the renderers made from
        // strings.
        return order.map { path in GeneratedFile(path: path, joining: byPath[path]!) }
    }

    /// Parts of about `size` consecutive items each (at least one part, even for no items): the
    /// ranges of `0..<items` that the parts cover, in order.
    static func ranges(of items: Int, size: Int) -> [Range<Int>] {
        let size = max(size, 1)
        guard items > size else { return [0..<items] }
        let count = (items + size - 1) / size
        return (0..<count).map { part in (items * part / count)..<(items * (part + 1) / count) }
    }

    /// How many tables a part of a renderer holds: large enough that a part's fixed costs do not
    /// show (a few microseconds), small enough that the last part on a core ends close to the
    /// other core's (a hundred tables render in 2 to 3 ms).
    public static let tablesPerPart = 100
}

/// One part of a renderer's output (`RenderParts`): whole files, and its pieces of the files that
/// span parts.
public struct RenderedPart: Sendable {
    /// Files this part renders whole: they can be compared or written as soon as it returns.
    public var files: [GeneratedFile]
    /// This part's piece of each file that spans parts (its path, and the text of its piece): such
    /// a file is its pieces in part order (`RenderParts.joinPieces`).
    public var pieces: [GeneratedFile]

    public init(files: [GeneratedFile] = [], pieces: [GeneratedFile] = []) {
        self.files = files
        self.pieces = pieces
    }
}
