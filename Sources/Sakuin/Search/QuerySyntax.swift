/// A field a query term can be restricted to.
///
/// A field is written as its name and a colon directly before a term, prefix, phrase or
/// parenthesised group: `title:停戦`, `title:NATO*`, `title:"停戦交渉"`, `title:(停戦 OR 和平)`.
/// Field names are ASCII and matched without regard to case (`Title:` works too).
public enum QueryField: String, Sendable, CaseIterable {
    /// The document's title.
    case title
}

/// A parsed query.
///
/// The parser returns nodes in a canonical shape:
/// - an `and` or `or` has at least two children;
/// - an `and` never has an `and` child and an `or` never has an `or` child (they are flattened);
/// - a `not` appears only as a child of an `and` that also has at least one child that is not a
///   `not`, and never directly inside another `not` or an `or`.
///
/// Payloads are the raw text as typed (no normalization; analysis happens later), without the
/// field prefix, the quotes or the trailing `*`. A `column` is the 1-based position, in Unicode
/// scalars of the original query, of the item's first character: the field name if the item has
/// one (`title:ロシア` → the `t`), otherwise the opening quote of a phrase or the first character
/// of a term. A leading `-` is not part of the item it negates.
public indirect enum QueryNode: Sendable, Equatable {
    /// Bare text: one whitespace-delimited chunk, e.g. `停戦交渉` or `NATO加盟`; analysed later like
    /// document text. The parser does not judge content: a term made only of punctuation
    /// (`。、！？`) is still a term.
    case term(String, field: QueryField?, column: Int)
    /// An exact phrase written `"…"`: the text between the quotes, spaces kept.
    case phrase(String, field: QueryField?, column: Int)
    /// A prefix written `prefix*`: terms that start with the text.
    case prefix(String, field: QueryField?, column: Int)
    /// All children must match: juxtaposed items, or items joined by the keyword `AND`.
    case and([QueryNode])
    /// Any child matches: items joined by the keyword `OR`.
    case or([QueryNode])
    /// The child must not match: `-item` or `NOT item`.
    case not(QueryNode)
}

/// An error in the syntax of a query, with where it is.
///
/// `message` is a complete sentence for the user that already names the column where that
/// helps (e.g. `unclosed quote at column 3`); `description` is the same text.
public struct QuerySyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, as shown to the user.
    public var message: String
    /// The 1-based position, in Unicode scalars of the original query, where the problem is.
    ///
    /// For an empty query this is 1; for a query that is too long it is the first scalar past
    /// the limit.
    public var column: Int

    /// The message.
    public var description: String { message }
}
