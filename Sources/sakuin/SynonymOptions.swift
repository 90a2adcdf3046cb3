import ArgumentParser
import Sakuin

/// The `--synonyms FILE` and `--no-general-synonyms` options of the commands that search.
struct SynonymOptions: ParsableArguments {
    @Option(name: .customLong("synonyms"), help: ArgumentHelp(
        "Also match the synonyms in FILE: one group a line, words separated by commas.",
        discussion: "Added to the general synonym groups unless --no-general-synonyms; lines starting with # are comments.",
        valueName: "FILE"))
    var file: String?

    @Flag(name: .customLong("no-general-synonyms"),
          help: "Leave out the general synonym groups (SudachiDict's): only --synonyms, if given.")
    var noGeneral = false

    /// The thesaurus these options ask for; an unreadable or malformed file is an error that
    /// names it and the line.
    func thesaurus() throws -> Thesaurus {
        let base = noGeneral ? Thesaurus.empty : Thesaurus.general
        guard let file else { return base }
        return base.adding(try Thesaurus(contentsOfFile: file))
    }
}
