import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A command that could not run or exited with a failure, with what it printed.
public struct CommandError: Error, Sendable, Hashable, CustomStringConvertible {
    public var command: [String]
    public var status: Int32
    public var output: String
    public var errorOutput: String

    public var description: String {
        let printed = [errorOutput, output].first { !$0.isEmpty } ?? "(no output)"
        return "\(command.joined(separator: " ")) exited with \(status): \(printed)"
    }
}

/// Runs external programs (initdb, pg_ctl, psql) and collects their output.
///
/// Built on `posix_spawn` and `waitpid` rather than Foundation's `Process`: on Linux, `Process`
/// learns that a child ended when a socket it hands the child closes, and `pg_ctl start` leaves a
/// server running that inherits that socket, so `waitUntilExit()` would never return. Here the
/// child gets standard input from `/dev/null`, its output in temporary files, and no other
/// descriptor of ours, so a server it starts holds nothing of the test process open.
enum CommandRunner {
    struct Result {
        var output: String
        var errorOutput: String
    }

    static func run(_ command: [String], environment: [String: String] = [:]) throws(CommandError) -> Result {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-cmd-\(UUID().uuidString)")
        let outPath = base.path + ".out"
        let errPath = base.path + ".err"
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        let pid = try spawn(command, environment: environment, output: outPath, errorOutput: errPath)
        let status = wait(for: pid)
        let result = Result(
            output: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            errorOutput: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
        guard status == 0 else {
            throw CommandError(
                command: command, status: status, output: result.output, errorOutput: result.errorOutput)
        }
        return result
    }

    /// Starts `command` without waiting for it; output goes to the given files (`/dev/null` by default).
    static func spawn(
        _ command: [String], environment: [String: String] = [:], output: String = "/dev/null",
        errorOutput: String = "/dev/null"
    ) throws(CommandError) -> pid_t {
        func failure(_ message: String) -> CommandError {
            CommandError(command: command, status: -1, output: "", errorOutput: message)
        }
        guard let executable = command.first else { throw failure("empty command") }

        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t?
            var attributes: posix_spawnattr_t?
        #else
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #if canImport(Darwin)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_CLOEXEC_DEFAULT))
        #else
            // Close every inherited descriptor that is not close-on-exec already. One closed by
            // another thread in the meantime is harmless: glibc ignores EBADF for these actions.
            for descriptor in inheritableDescriptors() {
                posix_spawn_file_actions_addclose(&actions, descriptor)
            }
        #endif

        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let arguments = command.map { strdup($0) } + [nil]
        let variables = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            arguments.forEach { free($0) }
            variables.forEach { free($0) }
        }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, &attributes, arguments, variables)
        guard status == 0 else { throw failure("cannot start \(executable): \(String(cString: strerror(status)))") }
        return pid
    }

    /// Waits for `pid` and returns its exit status, or 128 plus the signal that ended it.
    static func wait(for pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// Descriptors above standard error that a child would inherit.
    private static func inheritableDescriptors() -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return [] }
        return entries.compactMap(Int32.init).filter { descriptor in
            guard descriptor > 2 else { return false }
            let flags = fcntl(descriptor, F_GETFD)
            return flags != -1 && flags & FD_CLOEXEC == 0
        }
    }

    /// The first of `candidates` that is an executable file.
    static func executable(_ candidates: [String]) -> String? {
        candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
