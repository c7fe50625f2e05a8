/// The first line of every generated SQL file. It carries `GeneratedFile.marker` and no timestamp,
/// so that regenerating an unchanged schema gives the same bytes.
enum SQLHeader {
    static func lines(config: Config) -> [String] {
        var directory = config.schemaDirectory
        while directory.count > 1 && directory.hasSuffix("/") { directory.removeLast() }
        let shown = directory.hasSuffix("/") ? directory : directory + "/"
        return ["-- \(GeneratedFile.marker) from \(shown). Do not edit."]
    }
}
