// Part of Sakuin's single SQLite wrapper; see the comment at the top of SQLiteDatabase.swift.

import CSQLite

/// A value to bind to a statement parameter.
enum SQLiteValue: Sendable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case null
}

/// `SQLITE_TRANSIENT`, which Swift cannot import (it is the macro `((sqlite3_destructor_type)-1)`):
/// tells SQLite to copy bound text and blobs before the bind call returns. Always used, never
/// `SQLITE_STATIC`: binding with `SQLITE_STATIC` inside `withUnsafeBytes` and stepping after the
/// closure returned reads freed memory and crashes on this platform.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement, made by `SQLiteDatabase.prepare(_:)`.
///
/// Shares its connection's threading rule: use it from one task at a time. It keeps its database
/// object alive; in `deinit` it goes back to its database, reset, to be reused
/// (`SQLiteDatabase.recycle(_:sql:)`). Column readers follow SQLite: a column index out of range
/// reads as NULL, and values are only valid while the current row is (until the next `step()` or
/// `reset()`).
final class SQLiteStatement {
    let database: SQLiteDatabase
    let sql: String
    private let handle: OpaquePointer

    init(database: SQLiteDatabase, handle: OpaquePointer, sql: String) {
        self.database = database
        self.handle = handle
        self.sql = sql
    }

    deinit {
        database.recycle(handle, sql: sql)
    }

    /// Which compiled statement this wraps: two wrappers give the same number when the second
    /// reuses the statement the first released.
    var compiledStatementID: Int { Int(bitPattern: UnsafeRawPointer(handle)) }

    // MARK: - Binding (1-based indexes)

    func bind(_ value: Int64?, at index: Int32) throws(SQLiteError) {
        try checkOpen()
        guard let value else { return try check(sqlite3_bind_null(handle, index)) }
        try check(sqlite3_bind_int64(handle, index, value))
    }

    func bind(_ value: Int?, at index: Int32) throws(SQLiteError) {
        try bind(value.map { Int64($0) }, at: index)
    }

    func bind(_ value: Double?, at index: Int32) throws(SQLiteError) {
        try checkOpen()
        guard let value else { return try check(sqlite3_bind_null(handle, index)) }
        try check(sqlite3_bind_double(handle, index, value))
    }

    /// Binds the string's UTF-8 bytes with their length (embedded NULs survive), copied by SQLite.
    func bind(_ value: String?, at index: Int32) throws(SQLiteError) {
        try checkOpen()
        guard var value else { return try check(sqlite3_bind_null(handle, index)) }
        let handle = handle
        let rc = value.withUTF8 { utf8 -> Int32 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else {
                // A NULL pointer would bind NULL; an empty string must stay an empty string.
                return sqlite3_bind_text64(handle, index, "", 0, sqliteTransient, UInt8(SQLITE_UTF8))
            }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                sqlite3_bind_text64(handle, index, $0, UInt64(utf8.count), sqliteTransient, UInt8(SQLITE_UTF8))
            }
        }
        try check(rc)
    }

    /// Binds a blob, copied by SQLite. An empty array binds a zero-length blob, not NULL.
    func bind(_ value: [UInt8]?, at index: Int32) throws(SQLiteError) {
        try checkOpen()
        guard let value else { return try check(sqlite3_bind_null(handle, index)) }
        guard !value.isEmpty else { return try check(sqlite3_bind_zeroblob(handle, index, 0)) }
        let handle = handle
        let rc = value.withUnsafeBytes { bytes -> Int32 in
            sqlite3_bind_blob64(handle, index, bytes.baseAddress, UInt64(bytes.count), sqliteTransient)
        }
        try check(rc)
    }

    func bind(_ value: SQLiteValue, at index: Int32) throws(SQLiteError) {
        switch value {
        case .integer(let v): try bind(v, at: index)
        case .real(let v): try bind(v, at: index)
        case .text(let v): try bind(v, at: index)
        case .blob(let v): try bind(v, at: index)
        case .null: try bind(Int64?.none, at: index)
        }
    }

    /// Binds `values` to parameters 1...n. The count must match the statement's parameters.
    func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw SQLiteError(code: SQLiteError.Code.range,
                              message: "statement takes \(expected) parameter(s), \(values.count) given",
                              sql: sql, path: database.path)
        }
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    // MARK: - Running

    /// Advances to the next row: true when a row is ready, false when the statement is done.
    func step() throws(SQLiteError) -> Bool {
        try checkOpen()
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = database.error(rc, sql: sql)
            // Reset now so the statement is reusable; sqlite3_reset returns this same error
            // again, which is being thrown, so its result is deliberately not rethrown.
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Rewinds the statement and clears all bindings to NULL.
    func reset() throws(SQLiteError) {
        try check(sqlite3_reset(handle))
        try check(sqlite3_clear_bindings(handle))
    }

    /// Resets, binds `values` to parameters 1...n, and steps until done (any rows are discarded).
    func run(_ values: SQLiteValue...) throws(SQLiteError) {
        try reset()
        try bind(values)
        while try step() {}
    }

    // MARK: - Reading the current row (0-based columns)

    func int64(at column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func int(at column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    func double(at column: Int32) -> Double { sqlite3_column_double(handle, column) }

    func isNull(at column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    /// The column as text; NULL reads as nil. Uses the byte count, so embedded NULs survive, and
    /// invalid UTF-8 (say, a blob read as text) decodes with U+FFFD replacement characters.
    func string(at column: Int32) -> String? {
        guard !isNull(at: column) else { return nil }
        // Order matters: sqlite3_column_text first (it may convert), then sqlite3_column_bytes.
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The column as a blob, copied; NULL reads as `[]`.
    func blob(at column: Int32) -> [UInt8] {
        withBlob(at: column) { Array($0) }
    }

    /// Lends the column's bytes without copying. The buffer is only valid inside `body`, and only
    /// while this row is current; NULL or an empty blob gives an empty buffer.
    func withBlob<R>(at column: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        // Order matters: sqlite3_column_blob first, then sqlite3_column_bytes.
        let bytes = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let bytes else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    // MARK: - Private

    private func check(_ rc: Int32) throws(SQLiteError) {
        guard rc == SQLITE_OK else { throw database.error(rc, sql: sql) }
    }

    private func checkOpen() throws(SQLiteError) {
        _ = try database.openHandle(sql: sql)
    }
}
