// The only door between Sakuin and the system ICU.
//
// Swift cannot import ICU's headers directly on this platform: ICU's functions are
// version-renaming macros, and a Swift module that sees both Foundation (which carries its own
// ICU) and the system ICU headers does not compile. So this header exposes plain C types only;
// the ICU headers are included by sakuin_icu.c alone.
#ifndef SAKUIN_ICU_H
#define SAKUIN_ICU_H

#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Writes the ICU version ("72.1") and Unicode version ("15.0") as NUL-terminated strings.
void sk_icu_versions(char icuVersion[32], char unicodeVersion[32]);

/// Normalizes UTF-16 `source` with NFKC_Casefold, one normalization segment at a time.
/// For each UTF-16 unit written to `destination`, `destinationSourceIndex` receives the index in
/// `source` of the first unit of the segment it came from, so that offsets map back exactly.
/// Returns the number of units written, or -1 when `capacity` is too small (call again with a
/// larger buffer), or -2 on any other ICU error (`*errorCode` holds ICU's code).
int32_t sk_nfkc_casefold_mapped(const uint16_t *source, int32_t sourceLength,
                                uint16_t *destination, int32_t *destinationSourceIndex,
                                int32_t capacity, int32_t *errorCode);

/// An ICU word break iterator (not thread-safe: one per task).
typedef struct SKWordBreaker SKWordBreaker;

/// Opens a word break iterator for `locale` ("ja"). Returns NULL and sets `*errorCode` on failure.
SKWordBreaker *sk_word_breaker_open(const char *locale, int32_t *errorCode);

/// Closes an iterator opened by `sk_word_breaker_open`.
void sk_word_breaker_close(SKWordBreaker *breaker);

/// Points the iterator at `text`, which must stay alive and unchanged while it is iterated.
/// Returns 0 on success or ICU's error code.
int32_t sk_word_breaker_set_text(SKWordBreaker *breaker, const uint16_t *text, int32_t length);

/// Moves to the next boundary and returns its UTF-16 offset, or -1 at the end. `*ruleStatus`
/// receives the rule status of the word that ends there (0–99 none, 100 number, 200 letter,
/// 300 kana, 400 ideographic).
int32_t sk_word_breaker_next(SKWordBreaker *breaker, int32_t *ruleStatus);

#ifdef __cplusplus
}
#endif

#endif
