/// How one fuzz input becomes a project: the bytes are schema files, separated by a line `#file`,
/// and a line `#config` starts the project's `schemagen.yaml`. Both markers are YAML comments, so
/// a seed with them is still a valid YAML file; an input without them is one schema file, which is
/// what random bytes and most mutations of a seed are.
struct FuzzInput {
    static let fileMarker = Array("\n#file\n".utf8)
    static let configMarker = Array("\n#config\n".utf8)

    var schemaFiles: [[UInt8]]
    var config: [UInt8]?

    init(_ bytes: [UInt8]) {
        var body = bytes[...]
        if let range = Self.firstRange(of: Self.configMarker, in: body) {
            config = Array(body[range.upperBound...])
            body = body[..<range.lowerBound]
        }
        var files: [[UInt8]] = []
        while let range = Self.firstRange(of: Self.fileMarker, in: body) {
            files.append(Array(body[..<range.lowerBound]))
            body = body[range.upperBound...]
        }
        files.append(Array(body))
        schemaFiles = files
    }

    private static func firstRange(of marker: [UInt8], in bytes: ArraySlice<UInt8>) -> Range<Int>? {
        guard bytes.count >= marker.count else { return nil }
        var start = bytes.startIndex
        while start + marker.count <= bytes.endIndex {
            if bytes[start] == marker[0], bytes[start..<start + marker.count].elementsEqual(marker) {
                return start..<start + marker.count
            }
            start += 1
        }
        return nil
    }
}
