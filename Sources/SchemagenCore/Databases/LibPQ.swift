#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// libpq, PostgreSQL's own client library, loaded when the first Postgres connection opens.
///
/// Linked at build time, libpq and the twenty libraries it brings (Kerberos, LDAP, TLS) were
/// loaded and relocated by every run of schemagen, a `generate` that never reaches a server
/// included: a tenth of a small project's run. Loaded here, it costs only `migrate` and `verify`
/// on Postgres, and building schemagen needs no libpq headers. The functions are the stable C API
/// of libpq 9.1 and later (`libpq-fe.h`), declared with their C types.
struct LibPQ: @unchecked Sendable {
    // `PGconn *` and `PGresult *`, opaque to their users.
    typealias Connection = OpaquePointer
    typealias Result = OpaquePointer
    typealias NoticeProcessor = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Void

    /// `ConnStatusType` and `ExecStatusType`: C enums, passed as `int`.
    static let connectionOK: UInt32 = 0
    static let emptyQuery: UInt32 = 0
    static let commandOK: UInt32 = 1
    static let tuplesOK: UInt32 = 2

    let connectdbParams:
        @convention(c) (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<CChar>?>?, Int32) ->
            Connection?
    let status: @convention(c) (Connection?) -> UInt32
    let errorMessage: @convention(c) (Connection?) -> UnsafeMutablePointer<CChar>?
    let finish: @convention(c) (Connection?) -> Void
    let setNoticeProcessor: @convention(c) (Connection?, NoticeProcessor?, UnsafeMutableRawPointer?) -> NoticeProcessor?
    let serverVersion: @convention(c) (Connection?) -> Int32
    let exec: @convention(c) (Connection?, UnsafePointer<CChar>?) -> Result?
    let execParams:
        @convention(c) (
            Connection?, UnsafePointer<CChar>?, Int32, UnsafePointer<UInt32>?, UnsafePointer<UnsafePointer<CChar>?>?,
            UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32
        ) -> Result?
    let clear: @convention(c) (Result?) -> Void
    let resultStatus: @convention(c) (Result?) -> UInt32
    let ntuples: @convention(c) (Result?) -> Int32
    let nfields: @convention(c) (Result?) -> Int32
    let getisnull: @convention(c) (Result?, Int32, Int32) -> Int32
    let getvalue: @convention(c) (Result?, Int32, Int32) -> UnsafeMutablePointer<CChar>?
    let cmdStatus: @convention(c) (Result?) -> UnsafeMutablePointer<CChar>?
    let cmdTuples: @convention(c) (Result?) -> UnsafeMutablePointer<CChar>?
    let resultErrorField: @convention(c) (Result?, Int32) -> UnsafeMutablePointer<CChar>?
    let resultErrorMessage: @convention(c) (Result?) -> UnsafeMutablePointer<CChar>?

    /// The library, loaded once for the process (a `static let` is initialized once, on first use,
    /// whichever thread asks), or why it could not be.
    static let shared: Swift.Result<LibPQ, DatabaseError> = load()

    /// Where libpq is found: the dynamic linker's search path, then Homebrew's keg-only `libpq`.
    static let candidates: [String] = {
        #if canImport(Darwin)
            ["libpq.5.dylib", "/opt/homebrew/opt/libpq/lib/libpq.5.dylib", "/usr/local/opt/libpq/lib/libpq.5.dylib"]
        #else
            ["libpq.so.5"]
        #endif
    }()

    private static func load() -> Swift.Result<LibPQ, DatabaseError> {
        guard let handle = candidates.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else {
            // The loader's own words say why when the library is there but cannot load (a library
            // it needs is missing, another architecture).
            let reason = dlerror().map { ": " + String(cString: $0) } ?? ""
            return .failure(
                DatabaseError(
                    message: "cannot load libpq (\(candidates[0])), PostgreSQL's client library, which schemagen "
                        + "needs to reach a Postgres server: install it (Debian and Ubuntu: `apt install libpq5`; "
                        + "macOS: `brew install libpq`)\(reason)"))
        }
        do throws(DatabaseError) {
            func function<F>(_ name: String) throws(DatabaseError) -> F {
                guard let symbol = dlsym(handle, name) else {
                    throw DatabaseError(message: "the libpq found lacks `\(name)`: it is older than libpq 9.1")
                }
                return unsafeBitCast(symbol, to: F.self)
            }
            return .success(
                LibPQ(
                    connectdbParams: try function("PQconnectdbParams"), status: try function("PQstatus"),
                    errorMessage: try function("PQerrorMessage"), finish: try function("PQfinish"),
                    setNoticeProcessor: try function("PQsetNoticeProcessor"),
                    serverVersion: try function("PQserverVersion"), exec: try function("PQexec"),
                    execParams: try function("PQexecParams"), clear: try function("PQclear"),
                    resultStatus: try function("PQresultStatus"), ntuples: try function("PQntuples"),
                    nfields: try function("PQnfields"), getisnull: try function("PQgetisnull"),
                    getvalue: try function("PQgetvalue"), cmdStatus: try function("PQcmdStatus"),
                    cmdTuples: try function("PQcmdTuples"), resultErrorField: try function("PQresultErrorField"),
                    resultErrorMessage: try function("PQresultErrorMessage")))
        } catch {
            return .failure(error)
        }
    }
}
