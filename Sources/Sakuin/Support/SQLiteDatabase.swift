// This file, with SQLiteStatement.swift and SQLiteError.swift, is the ONLY place in Sakuin that
// calls `sqlite3_*` functions or holds SQLite's C pointers. Everything else goes through
// `SQLiteDatabase` / `SQLiteStatement` / `SQLiteValue` and sees typed Swift errors.
//
// Why our own thin wrapper rather than GRDB: Sakuin needs a handful of operations (open, exec,
// prepare, bind, step, read columns, transactions), and on this platform (Linux, Swift 6) one
// thin wrapper over the system libsqlite3 measured faster at indexing and far quicker to build
// than GRDB. Keeping every C call here means result codes are checked in one place, unsafe
// pointer lifetimes are reasoned about in one place, and the rest of Sakuin stays safe Swift.

import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One SQLite connection.
///
/// The connection is opened with `SQLITE_OPEN_NOMUTEX`: SQLite does no locking of its own, so a
/// `SQLiteDatabase` (and every statement prepared from it) must be used by **one task or thread at
/// a time**. It is deliberately not `Sendable`; give each task its own connection (WAL mode lets
/// many readers run beside one writer).
final class SQLiteDatabase {
    enum Mode {
        case readOnly
        case readWrite
        case readWriteCreate
    }

    enum TransactionKind {
        case deferred
        case immediate
        case exclusive

        fileprivate var beginSQL: String {
            switch self {
            case .deferred: "BEGIN DEFERRED"
            case .immediate: "BEGIN IMMEDIATE"
            case .exclusive: "BEGIN EXCLUSIVE"
            }
        }
    }

    /// The path the connection was opened with; every error names it.
    let path: String

    /// The `sqlite3*` handle; nil once closed.
    private(set) var handle: OpaquePointer?

    /// Compiled statements whose `SQLiteStatement` was released, reset, with their SQL, so that
    /// the next `prepare` of the same text skips SQLite's parser and planner. A search runs the
    /// same few statements every time; compiling them anew was most of a small query's time.
    ///
    /// The most recently released come last, and a lookup walks back from there comparing the
    /// texts: the statements a search uses are found within a few steps, and a text compared
    /// with itself (a constant, or a copy of one) is equal at once, where hashing it for a
    /// dictionary read every byte of it twice a statement (about a tenth of a query that finds
    /// nothing).
    private var idleStatements: [(sql: String, handle: OpaquePointer)] = []

    /// How many idle statements are kept. Statements built for a list of values (`IN (?,?,…)`)
    /// differ by their length; past this many the one idle longest is finalized.
    static let idleStatementLimit = 64

    /// The version of the SQLite library linked at run time, such as `3.40.1`.
    static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    /// Opens (or, with `.readWriteCreate`, creates) the database at `path`.
    ///
    /// `busyTimeoutMilliseconds` is how long a statement waits for another connection's lock
    /// before failing with `isBusy`; 0 fails at once.
    init(path: String, mode: Mode, busyTimeoutMilliseconds: Int32 = 5000) throws(SQLiteError) {
        self.path = path
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            // SQLite usually hands back a handle even on failure, carrying the message; it must
            // still be closed.
            let error = SQLiteError(code: rc, message: Self.message(for: rc, connection: db), path: path)
            sqlite3_close_v2(db)
            throw error
        }
        let timeoutRC = sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        guard timeoutRC == SQLITE_OK else {
            let error = SQLiteError(code: timeoutRC, message: Self.message(for: timeoutRC, connection: db), path: path)
            sqlite3_close_v2(db)
            throw error
        }
        handle = db
    }

    deinit { close() }

    /// Closes the connection. Idempotent. Uses `sqlite3_close_v2`, so it cannot fail: should a
    /// statement still be alive the connection lingers until that statement is finalized.
    /// (Statements keep their database alive, so `deinit` only runs once they are all gone.)
    func close() {
        guard let handle else { return }
        for idle in idleStatements { sqlite3_finalize(idle.handle) }
        idleStatements = []
        self.handle = nil
        // sqlite3_close_v2 returns SQLITE_OK for any valid handle; anything else is a bug here.
        let rc = sqlite3_close_v2(handle)
        assert(rc == SQLITE_OK, "sqlite3_close_v2 failed with \(rc)")
    }

    var isOpen: Bool { handle != nil }

    /// Runs one or more `;`-separated statements, discarding any rows (`sqlite3_exec`).
    func execute(_ sql: String) throws(SQLiteError) {
        let db = try openHandle(sql: sql)
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &errorMessage)
        let message = errorMessage.map { String(cString: $0) }
        sqlite3_free(errorMessage)
        guard rc == SQLITE_OK else {
            throw SQLiteError(code: rc, message: message ?? Self.message(for: rc, connection: db), sql: sql, path: path)
        }
    }

    /// Compiles exactly one statement. Empty SQL, or SQL with a second statement after the first,
    /// is an error (use `execute(_:)` for scripts).
    ///
    /// A statement released earlier with the same SQL is reused: it was reset and its bindings
    /// cleared when it was released, so it behaves exactly as a new one.
    func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        let db = try openHandle(sql: sql)
        if let index = idleStatements.lastIndex(where: { $0.sql == sql }) {
            let idle = idleStatements.remove(at: index)
            return SQLiteStatement(database: self, handle: idle.handle, sql: sql)
        }
        var text = sql
        // Non-throwing closure: typed throws do not pass through `withUTF8`.
        let result: (rc: Int32, statement: OpaquePointer?, trailing: Bool) = text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else { return (SQLITE_OK, nil, false) }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) { start in
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let rc = sqlite3_prepare_v3(db, start, Int32(clamping: utf8.count), UInt32(SQLITE_PREPARE_PERSISTENT),
                                            &statement, &tail)
                guard rc == SQLITE_OK else {
                    sqlite3_finalize(statement)  // nil on failure; harmless
                    return (rc, nil, false)
                }
                let consumed = tail.map { start.distance(to: $0) } ?? utf8.count
                guard let tail, consumed < utf8.count else { return (rc, statement, false) }
                // Something follows the first statement: whitespace and comments are fine,
                // another statement (or garbage) is not silently ignored.
                var extra: OpaquePointer?
                let extraRC = sqlite3_prepare_v3(db, tail, Int32(clamping: utf8.count - consumed), 0, &extra, nil)
                let trailing = extra != nil
                sqlite3_finalize(extra)
                guard extraRC == SQLITE_OK else {
                    sqlite3_finalize(statement)
                    return (extraRC, nil, false)
                }
                return (rc, statement, trailing)
            }
        }
        guard result.rc == SQLITE_OK else { throw error(result.rc, sql: sql) }
        guard let statement = result.statement else {
            throw SQLiteError(code: SQLiteError.Code.misuse, message: "no SQL statement to prepare", sql: sql, path: path)
        }
        guard !result.trailing else {
            sqlite3_finalize(statement)
            throw SQLiteError(code: SQLiteError.Code.misuse,
                              message: "prepare accepts a single statement; use execute for several",
                              sql: sql, path: path)
        }
        return SQLiteStatement(database: self, handle: statement, sql: sql)
    }

    /// Runs `body` inside `BEGIN …` / `COMMIT`. If `body` throws, the transaction is rolled back and
    /// the body's error is rethrown unchanged; if `COMMIT` fails, the transaction is rolled back
    /// and the `SQLiteError` from `COMMIT` is thrown.
    func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        // Prepared rather than `execute`d, so that the reused statements skip the parser: every
        // search is one read transaction.
        try runToCompletion(kind.beginSQL)
        do {
            let result = try body()
            try runToCompletion("COMMIT")
            return result
        } catch {
            // SQLite may already have rolled back (some errors do so automatically); only roll
            // back a transaction that is still open. A failing ROLLBACK is not reported: the
            // error that caused it is the one the caller needs.
            if let handle, sqlite3_get_autocommit(handle) == 0 {
                do { try execute("ROLLBACK") } catch {}
            }
            throw error
        }
    }

    /// The rowid of the most recent successful INSERT on this connection.
    var lastInsertRowID: Int64 {
        guard let handle else { return 0 }
        return sqlite3_last_insert_rowid(handle)
    }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE on this connection.
    var changes: Int {
        guard let handle else { return 0 }
        return Int(sqlite3_changes64(handle))
    }

    // MARK: - Internal to the wrapper

    /// Prepares (or reuses) one statement and steps it until done.
    private func runToCompletion(_ sql: String) throws(SQLiteError) {
        let statement = try prepare(sql)
        while try statement.step() {}
    }

    /// Takes back a statement whose `SQLiteStatement` is being released: reset, with its bindings
    /// cleared, it waits for the next `prepare` of the same SQL; a reset also ends any read it
    /// held open. Finalized instead when the connection is closed or already has one idle for
    /// that SQL.
    func recycle(_ statement: OpaquePointer, sql: String) {
        guard handle != nil, !idleStatements.contains(where: { $0.sql == sql }) else {
            sqlite3_finalize(statement)
            return
        }
        // sqlite3_reset repeats the last step()'s error, which was already thrown.
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        if idleStatements.count >= Self.idleStatementLimit {
            sqlite3_finalize(idleStatements.removeFirst().handle)
        }
        idleStatements.append((sql, statement))
    }

    /// The handle, or a misuse error naming `sql` if the connection was closed.
    func openHandle(sql: String?) throws(SQLiteError) -> OpaquePointer {
        guard let handle else {
            throw SQLiteError(code: SQLiteError.Code.misuse, message: "the database connection is closed", sql: sql, path: path)
        }
        return handle
    }

    /// An error for result code `rc` from a call on this connection.
    func error(_ rc: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: rc, message: Self.message(for: rc, connection: handle), sql: sql, path: path)
    }

    /// `sqlite3_errmsg` when it describes `rc` (the connection's latest error), otherwise the
    /// generic text for the code, so a stale message is never attached to a different error.
    /// For an I/O error or a file that cannot be opened, the system's own reason is added
    /// (`disk I/O error: No space left on device`), since SQLite's text alone does not say that
    /// the disk is full or the file system read-only.
    private static func message(for rc: Int32, connection: OpaquePointer?) -> String {
        if let connection, sqlite3_extended_errcode(connection) == rc, let text = sqlite3_errmsg(connection) {
            var message = String(cString: text)
            let primary = rc & 0xFF
            let systemError = sqlite3_system_errno(connection)
            if (primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN || primary == SQLITE_FULL), systemError != 0,
               let reason = strerror(systemError) {
                message += ": " + String(cString: reason)
            }
            return message
        }
        if let text = sqlite3_errstr(rc) { return String(cString: text) }
        return "unknown error"
    }
}
