import Foundation
import Testing
@testable import Sakuin

/// A fresh folder under the temporary directory, removed when the test is done.
private func withTemporaryDirectory<R>(_ body: (URL) throws -> R) throws -> R {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sakuin-sqlite-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder)
}

private struct Marker: Error {}

@Suite("SQLite wrapper") struct SQLiteWrapperTests {
    @Test("the library version is SQLite 3")
    func libraryVersion() {
        #expect(SQLiteDatabase.libraryVersion.hasPrefix("3."))
    }

    @Test("WAL mode set through execute reads back through a statement")
    func walMode() throws {
        try withTemporaryDirectory { folder in
            let db = try SQLiteDatabase(path: folder.appendingPathComponent("wal.sqlite").path, mode: .readWriteCreate)
            try db.execute("PRAGMA journal_mode=WAL")
            let statement = try db.prepare("PRAGMA journal_mode")
            #expect(try statement.step())
            #expect(statement.string(at: 0) == "wal")
            #expect(try !statement.step())
        }
    }

    @Test("every type round-trips, including NULL, empty blob, embedded NUL, Japanese, Int64 extremes")
    func roundTrip() throws {
        try withTemporaryDirectory { folder in
            let db = try SQLiteDatabase(path: folder.appendingPathComponent("types.sqlite").path, mode: .readWriteCreate)
            try db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, b BLOB)")

            let insert = try db.prepare("INSERT INTO t(id, i, r, s, b) VALUES (?, ?, ?, ?, ?)")
            // Row 1: individual binds.
            try insert.bind(1, at: 1)
            try insert.bind(Int64.min, at: 2)
            try insert.bind(3.25, at: 3)
            try insert.bind("a\u{0}b", at: 4)
            try insert.bind([0, 1, 255] as [UInt8], at: 5)
            #expect(try !insert.step())
            #expect(db.lastInsertRowID == 1)
            #expect(db.changes == 1)
            // Row 2: run with values.
            try insert.run(.integer(2), .integer(Int64.max), .real(-1e300), .text("日本語の全文検索「索引」"), .blob([]))
            // Row 3: NULL everywhere, through each typed bind.
            try insert.reset()
            try insert.bind(3, at: 1)
            try insert.bind(Int64?.none, at: 2)
            try insert.bind(Double?.none, at: 3)
            try insert.bind(String?.none, at: 4)
            try insert.bind([UInt8]?.none, at: 5)
            #expect(try !insert.step())
            // Row 4: the .null case and an empty (not NULL) string, through bind([SQLiteValue]).
            try insert.reset()
            try insert.bind([.integer(4), .null, .null, .text(""), .null])
            #expect(try !insert.step())
            #expect(db.lastInsertRowID == 4)

            let select = try db.prepare("""
                SELECT i, r, s, b, typeof(i), typeof(r), typeof(s), typeof(b), length(CAST(s AS BLOB))
                FROM t ORDER BY id
                """)

            #expect(try select.step())
            #expect(select.int64(at: 0) == Int64.min)
            #expect(select.double(at: 1) == 3.25)
            #expect(select.string(at: 2) == "a\u{0}b")
            #expect(select.string(at: 2)?.utf8.count == 3)
            #expect(select.int(at: 8) == 3)
            #expect(select.blob(at: 3) == [0, 1, 255])
            #expect(select.withBlob(at: 3) { $0.reduce(0) { $0 + Int($1) } } == 256)

            #expect(try select.step())
            #expect(select.int64(at: 0) == Int64.max)
            #expect(select.double(at: 1) == -1e300)
            #expect(select.string(at: 2) == "日本語の全文検索「索引」")
            #expect(select.blob(at: 3) == [])
            #expect(!select.isNull(at: 3))
            #expect(select.string(at: 7) == "blob")
            #expect(select.withBlob(at: 3) { $0.count } == 0)

            #expect(try select.step())
            for column in Int32(0)...3 { #expect(select.isNull(at: column)) }
            #expect(select.string(at: 2) == nil)
            #expect(select.blob(at: 3) == [])
            #expect((4...7).map { select.string(at: Int32($0)) } == ["null", "null", "null", "null"])

            #expect(try select.step())
            #expect(select.isNull(at: 0))
            #expect(select.string(at: 2) == "")
            #expect(select.string(at: 6) == "text")

            #expect(try !select.step())
        }
    }

    @Test("invalid UTF-8 decodes with replacement characters")
    func invalidUTF8() throws {
        let db = try SQLiteDatabase(path: ":memory:", mode: .readWriteCreate)
        let statement = try db.prepare("SELECT ?")
        try statement.bind([0xFF, 0x41, 0xE6, 0x97] as [UInt8], at: 1)
        #expect(try statement.step())
        #expect(statement.string(at: 0) == "\u{FFFD}A\u{FFFD}")
    }

    @Test("a syntax error names the SQL and the message")
    func syntaxError() throws {
        let db = try SQLiteDatabase(path: ":memory:", mode: .readWriteCreate)
        let prepareError = #expect(throws: SQLiteError.self) { _ = try db.prepare("SELEC 1") }
        #expect(prepareError?.code == 1)
        #expect(prepareError?.description.contains("SELEC 1") == true)
        #expect(prepareError?.description.contains("syntax error") == true)
        let executeError = #expect(throws: SQLiteError.self) { try db.execute("CREATE TABLE x(a); DROPP TABLE x") }
        #expect(executeError?.description.contains("DROPP TABLE x") == true)
        #expect(executeError?.description.contains("syntax error") == true)
    }

    @Test("prepare takes exactly one statement; bind([SQLiteValue]) checks the count")
    func prepareMisuse() throws {
        let db = try SQLiteDatabase(path: ":memory:", mode: .readWriteCreate)
        #expect(throws: SQLiteError.self) { _ = try db.prepare("SELECT 1; SELECT 2") }
        #expect(throws: SQLiteError.self) { _ = try db.prepare("   ") }
        let statement = try db.prepare("SELECT 1; -- a trailing comment is fine\n")
        #expect(try statement.step())
        #expect(statement.int(at: 0) == 1)
        let two = try db.prepare("SELECT ?, ?")
        let countError = #expect(throws: SQLiteError.self) { try two.bind([.integer(1)]) }
        #expect(countError?.code == 25)
        let rangeError = #expect(throws: SQLiteError.self) { try two.bind(5, at: 3) }
        #expect(rangeError?.code == 25)
    }

    @Test("a UNIQUE violation is SQLITE_CONSTRAINT (19), extended 2067, and the statement stays usable")
    func constraintViolation() throws {
        let db = try SQLiteDatabase(path: ":memory:", mode: .readWriteCreate)
        try db.execute("CREATE TABLE u(name TEXT UNIQUE)")
        let insert = try db.prepare("INSERT INTO u(name) VALUES (?)")
        try insert.run(.text("東京"))
        let error = #expect(throws: SQLiteError.self) { try insert.run(.text("東京")) }
        #expect(error?.code == 2067)
        #expect(error?.primaryCode == 19)
        #expect(error?.message.contains("UNIQUE") == true)
        #expect(error?.sql == "INSERT INTO u(name) VALUES (?)")
        #expect(error?.path == ":memory:")
        #expect(error?.isBusy == false)
        #expect(error?.isCorrupt == false)
        try insert.run(.text("大阪"))
        let count = try db.prepare("SELECT count(*) FROM u")
        #expect(try count.step())
        #expect(count.int(at: 0) == 2)
    }

    @Test("a thrown error rolls the transaction back and is rethrown unchanged")
    func transactionRollback() throws {
        try withTemporaryDirectory { folder in
            let db = try SQLiteDatabase(path: folder.appendingPathComponent("tx.sqlite").path, mode: .readWriteCreate)
            try db.execute("CREATE TABLE t(x INTEGER)")
            #expect(throws: Marker.self) {
                try db.transaction {
                    try db.execute("INSERT INTO t VALUES (1), (2)")
                    throw Marker()
                }
            }
            let count = try db.prepare("SELECT count(*) FROM t")
            #expect(try count.step())
            #expect(count.int(at: 0) == 0)

            let inserted = try db.transaction(.deferred) { () throws -> Int in
                try db.execute("INSERT INTO t VALUES (3)")
                return db.changes
            }
            #expect(inserted == 1)
            try count.reset()
            #expect(try count.step())
            #expect(count.int(at: 0) == 1)
        }
    }

    @Test("a file of random bytes is reported corrupt (SQLITE_NOTADB)")
    func notADatabase() throws {
        try withTemporaryDirectory { folder in
            let file = folder.appendingPathComponent("random.sqlite")
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<4096).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            try Data(bytes).write(to: file)
            let error = #expect(throws: SQLiteError.self) {
                let db = try SQLiteDatabase(path: file.path, mode: .readWrite)
                let statement = try db.prepare("SELECT count(*) FROM sqlite_master")
                _ = try statement.step()
            }
            #expect(error?.isCorrupt == true)
            #expect(error?.code == 26)
            #expect(error?.description.contains(file.path) == true)
        }
    }

    @Test("opening a missing file read-only names the path")
    func missingFile() throws {
        try withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("missing.sqlite").path
            let error = #expect(throws: SQLiteError.self) { _ = try SQLiteDatabase(path: path, mode: .readOnly) }
            #expect(error?.primaryCode == 14)
            #expect(error?.path == path)
            #expect(error?.description.contains(path) == true)
            // The system's reason follows SQLite's own words.
            #expect(error?.message == "unable to open database file: No such file or directory")
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test("a second writer's BEGIN IMMEDIATE fails with isBusy while the first holds the lock")
    func busy() throws {
        try withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("busy.sqlite").path
            let first = try SQLiteDatabase(path: path, mode: .readWriteCreate)
            try first.execute("PRAGMA journal_mode=WAL; CREATE TABLE t(x)")
            let second = try SQLiteDatabase(path: path, mode: .readWrite, busyTimeoutMilliseconds: 0)

            try first.execute("BEGIN IMMEDIATE")
            let error = #expect(throws: SQLiteError.self) { try second.execute("BEGIN IMMEDIATE") }
            #expect(error?.isBusy == true)
            #expect(error?.primaryCode == 5)
            #expect(error?.description.contains("database is locked") == true)
            let viaTransaction = #expect(throws: SQLiteError.self) { try second.transaction { } }
            #expect(viaTransaction?.isBusy == true)

            try first.execute("COMMIT")
            try second.transaction { try second.execute("INSERT INTO t VALUES (1)") }
        }
    }

    @Test("a statement released and prepared again behaves as a new one: no bindings, from the first row")
    func reusedStatement() throws {
        let db = try SQLiteDatabase(path: ":memory:", mode: .readWriteCreate)
        try db.execute("CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3)")
        do {
            let statement = try db.prepare("SELECT x, ? FROM t ORDER BY x")
            try statement.bind(7, at: 1)
            #expect(try statement.step())
            #expect(statement.int(at: 0) == 1)
            #expect(statement.int(at: 1) == 7)
            // Released in the middle of its rows.
        }
        let again = try db.prepare("SELECT x, ? FROM t ORDER BY x")
        #expect(try again.step())
        #expect(again.int(at: 0) == 1)
        #expect(again.isNull(at: 1))
        #expect(try again.step() && again.int(at: 0) == 2)
    }

    @Test("more distinct statements than are kept idle all run correctly")
    func manyStatements() throws {
        let db = try SQLiteDatabase(path: ":memory:", mode: .readWriteCreate)
        for round in 0..<2 {
            for value in 0..<(SQLiteDatabase.idleStatementLimit * 2) {
                let statement = try db.prepare("SELECT \(value) + ?")
                try statement.bind(round, at: 1)
                #expect(try statement.step())
                #expect(statement.int(at: 0) == value + round)
            }
        }
    }

    @Test("a statement in steady use stays compiled while more distinct ones than are kept pass through")
    func steadyStatementKept() throws {
        let db = try SQLiteDatabase(path: ":memory:", mode: .readWriteCreate)
        let steady = "SELECT 42"
        // Each use prepares, runs and releases the statement; it reports which one it ran.
        func use(_ sql: String, expecting value: Int) throws -> Int {
            let statement = try db.prepare(sql)
            #expect(try statement.step() && statement.int(at: 0) == value)
            return statement.compiledStatementID
        }
        let compiled = try use(steady, expecting: 42)
        for value in 0..<(SQLiteDatabase.idleStatementLimit * 3) {
            _ = try use("SELECT \(value)", expecting: value)
            #expect(try use(steady, expecting: 42) == compiled, "after \(value)")
        }
        // Two alive at once with one text are two statements.
        let first = try db.prepare(steady)
        let second = try db.prepare(steady)
        #expect(first.compiledStatementID != second.compiledStatementID)
        #expect(try first.step() && second.step())
    }

    @Test("close is idempotent and later use is an error, not a crash")
    func closeTwice() throws {
        let db = try SQLiteDatabase(path: ":memory:", mode: .readWriteCreate)
        let statement = try db.prepare("SELECT 1")
        db.close()
        db.close()
        #expect(!db.isOpen)
        #expect(throws: SQLiteError.self) { _ = try statement.step() }
        #expect(throws: SQLiteError.self) { try db.execute("SELECT 1") }
    }
}
