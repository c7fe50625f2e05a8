import Foundation

/// Files written where schemagen owns no folder: the build plugin's models file (`schemagen
/// models`) and the DDL of `schemagen ddl --output-dir`. Nothing else in their folders is touched,
/// and unlike `FileWriter` nothing is ever removed.
public enum StandaloneFiles {
    public struct Failure: Error, Sendable {
        /// The file or folder that could not be written.
        public var path: String
        public var reason: String
    }

    /// Writes each file at its path in `directory` (absolute), but only when its bytes change, so that its date
    /// moves (and whatever builds from it builds again) only then. The files are staged and
    /// renamed together, as `FileWriter` writes `Generated/`: a failure part way leaves every
    /// file as it was, and a crash leaves no torn file. Returns the paths written, as `files`
    /// give them.
    @discardableResult
    public static func write(_ files: [GeneratedFile], into directory: String) throws(Failure) -> [String] {
        var staging = FileStaging()
        var written: [String] = []
        do {
            for file in files {
                let path = (directory.hasSuffix("/") ? directory : directory + "/") + file.path
                guard !file.isOnDisk(atPath: path) else { continue }
                try staging.stage(file, at: path)
                written.append(file.path)
            }
            try staging.commit()
        } catch {
            staging.rollBack()
            throw Failure(path: error.path, reason: error.reason)
        }
        return written
    }
}
