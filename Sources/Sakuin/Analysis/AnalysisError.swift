/// An error from the analysis stage.
public enum AnalysisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The system ICU failed; `code` is ICU's error code.
    case icuFailure(operation: String, code: Int32)

    /// The message for the user.
    public var description: String {
        switch self {
        case .icuFailure(let operation, let code):
            return "ICU failed while \(operation) (error code \(code)); check the libicu installation"
        }
    }
}
