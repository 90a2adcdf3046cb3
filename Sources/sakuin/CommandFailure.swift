import ArgumentParser
import Sakuin

/// An error as the command line reports it: one line `sakuin: message` on standard error and,
/// when `--json` is given, one object on standard output, so that a program reading the JSON
/// learns of the failure too:
///
/// ```json
/// {"error": {"column": 1, "kind": "query", "message": "invalid query: unclosed quote at column 1"}}
/// ```
///
/// `kind` is `query`, `input`, `index`, `analysis`, `invalid_request` or `usage`; `column` (the
/// query's column, in Unicode scalars) comes with query errors, `path` with input errors. The
/// exit status is 2.
struct CommandFailure: Encodable {
    /// What went wrong, as the library classifies it; `usage` for the command line itself.
    enum Kind: String, Encodable {
        case query, input, index, analysis
        case invalidRequest = "invalid_request"
        case usage
    }

    var kind: Kind
    /// The message, as on standard error without `sakuin: ` (or `Error: `).
    var message: String
    /// For a query error, the column where it is.
    var column: Int?
    /// For an input error, the file or folder.
    var path: String?

    init(kind: Kind, message: String, column: Int? = nil, path: String? = nil) {
        self.kind = kind
        self.message = message
        self.column = column
        self.path = path
    }

    init(_ error: SakuinError) {
        switch error {
        case .query(let syntax): self.init(kind: .query, message: error.description, column: syntax.column)
        case .input(let ingest): self.init(kind: .input, message: error.description, path: ingest.path)
        case .index: self.init(kind: .index, message: error.description)
        case .analysis: self.init(kind: .analysis, message: error.description)
        case .invalidRequest: self.init(kind: .invalidRequest, message: error.description)
        }
    }

    /// Reports the failure: the line on standard error (its control and bidi characters
    /// escaped, so that it stays one line and cannot drive the terminal), and the JSON object
    /// on standard output if `json`.
    func report(json: Bool) {
        FileHandleOutput.standardError("sakuin: " + TerminalText.escaped(message))
        if json { Self.printJSON(self) }
    }

    /// Prints `{"error": failure}` on standard output.
    static func printJSON(_ failure: CommandFailure) {
        struct Envelope: Encodable { var error: CommandFailure }
        // Encoding strings and integers cannot fail; should it ever, the line on standard
        // error has already told the user.
        if let text = try? JSONOutput.encode(Envelope(error: failure)) { print(text) }
    }
}
