/// An error reported by SQLite, or by the wrapper in `SQLiteDatabase.swift` when it is misused.
///
/// Carries everything needed to understand a failure from a log line alone: the extended result
/// code, SQLite's own message (`sqlite3_errmsg`), the SQL being run, and the database file.
struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The extended result code (connections are opened with `SQLITE_OPEN_EXRESCODE`), such as
    /// 2067 (`SQLITE_CONSTRAINT_UNIQUE`). The low byte is the primary code; see `primaryCode`.
    var code: Int32
    /// SQLite's message, such as `database is locked` or `near "SELEC": syntax error`.
    var message: String
    /// The SQL text being prepared, stepped or executed, if any.
    var sql: String?
    /// The database path the connection was opened with.
    var path: String

    init(code: Int32, message: String, sql: String? = nil, path: String) {
        self.code = code
        self.message = message
        self.sql = sql
        self.path = path
    }

    /// The primary result code, such as 19 (`SQLITE_CONSTRAINT`) for 2067.
    var primaryCode: Int32 { code & 0xFF }

    /// `SQLITE_BUSY` (5) or one of its extended codes: another connection holds a conflicting lock.
    var isBusy: Bool { primaryCode == Code.busy }

    /// `SQLITE_CORRUPT` (11) or `SQLITE_NOTADB` (26): the file is damaged or is not a database.
    var isCorrupt: Bool { primaryCode == Code.corrupt || primaryCode == Code.notADatabase }

    /// For example `SQLite error 5 (database is locked) in /x/catalog.sqlite while running: INSERT …`.
    var description: String {
        var text = "SQLite error \(code) (\(message)) in \(path)"
        if let sql { text += " while running: \(sql)" }
        return text
    }

    /// The primary result codes this type and its tests talk about, spelled once without C.
    enum Code {
        static let error: Int32 = 1
        static let busy: Int32 = 5
        static let corrupt: Int32 = 11
        static let cantOpen: Int32 = 14
        static let constraint: Int32 = 19
        static let misuse: Int32 = 21
        static let range: Int32 = 25
        static let notADatabase: Int32 = 26
        static let constraintUnique: Int32 = 2067
    }
}
