#include "sakuin_icu.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/utypes.h>
#include <unicode/uchar.h>
#include <unicode/uversion.h>
#include <unicode/unorm2.h>
#include <unicode/ubrk.h>
#include <unicode/utf16.h>
#include <unicode/ucsdet.h>
#include <unicode/ucnv.h>

void sk_icu_versions(char icuVersion[32], char unicodeVersion[32]) {
    UVersionInfo info;
    u_getVersion(info);
    u_versionToString(info, icuVersion);
    u_getUnicodeVersion(info);
    u_versionToString(info, unicodeVersion);
}

int32_t sk_nfkc_casefold_mapped(const uint16_t *source, int32_t sourceLength,
                                uint16_t *destination, int32_t *destinationSourceIndex,
                                int32_t capacity, int32_t *errorCode) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *normalizer = unorm2_getNFKCCasefoldInstance(&status);
    if (U_FAILURE(status)) { *errorCode = status; return -2; }
    const UChar *text = (const UChar *)source;
    int32_t written = 0;
    int32_t index = 0;
    while (index < sourceLength) {
        // A prefix that is already normalized is copied as is, unit by unit (the common case
        // for Japanese text). Its end is a normalization boundary.
        status = U_ZERO_ERROR;
        int32_t span = unorm2_spanQuickCheckYes(normalizer, text + index, sourceLength - index, &status);
        if (U_FAILURE(status)) { *errorCode = status; return -2; }
        if (written + span > capacity) { *errorCode = U_BUFFER_OVERFLOW_ERROR; return -1; }
        for (int32_t k = 0; k < span; k++) {
            destination[written + k] = source[index + k];
            destinationSourceIndex[written + k] = index + k;
        }
        written += span;
        index += span;
        if (index >= sourceLength) break;
        // The next segment runs to the next code point that has a boundary before it.
        int32_t end = index;
        UChar32 c;
        U16_NEXT(text, end, sourceLength, c);
        while (end < sourceLength) {
            int32_t probe = end;
            U16_NEXT(text, probe, sourceLength, c);
            if (unorm2_hasBoundaryBefore(normalizer, c)) break;
            end = probe;
        }
        status = U_ZERO_ERROR;
        int32_t length = unorm2_normalize(normalizer, text + index, end - index,
                                          (UChar *)destination + written, capacity - written, &status);
        if (status == U_BUFFER_OVERFLOW_ERROR) { *errorCode = status; return -1; }
        if (U_FAILURE(status)) { *errorCode = status; return -2; }
        for (int32_t k = 0; k < length; k++) destinationSourceIndex[written + k] = index;
        written += length;
        index = end;
    }
    *errorCode = 0;
    return written;
}

struct SKWordBreaker {
    UBreakIterator *iterator;
};

SKWordBreaker *sk_word_breaker_open(const char *locale, int32_t *errorCode) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *iterator = ubrk_open(UBRK_WORD, locale, NULL, 0, &status);
    if (U_FAILURE(status)) { *errorCode = status; return NULL; }
    SKWordBreaker *breaker = malloc(sizeof(SKWordBreaker));
    if (breaker == NULL) { ubrk_close(iterator); *errorCode = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    breaker->iterator = iterator;
    *errorCode = 0;
    return breaker;
}

void sk_word_breaker_close(SKWordBreaker *breaker) {
    if (breaker == NULL) return;
    ubrk_close(breaker->iterator);
    free(breaker);
}

int32_t sk_word_breaker_set_text(SKWordBreaker *breaker, const uint16_t *text, int32_t length) {
    UErrorCode status = U_ZERO_ERROR;
    ubrk_setText(breaker->iterator, (const UChar *)text, length, &status);
    return U_FAILURE(status) ? (int32_t)status : 0;
}

int32_t sk_word_breaker_next(SKWordBreaker *breaker, int32_t *ruleStatus) {
    int32_t boundary = ubrk_next(breaker->iterator);
    if (boundary == UBRK_DONE) return -1;
    *ruleStatus = ubrk_getRuleStatus(breaker->iterator);
    return boundary;
}

// Charset detection and conversion. Detectors and converters are opened per call: opening one
// costs far less than converting a file, and neither is thread-safe, so sharing one would need
// a lock.

int32_t sk_charset_detect(const uint8_t *bytes, int32_t length,
                          char *names, int32_t nameCapacity, int32_t *confidences, int32_t capacity,
                          int32_t *errorCode) {
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector *detector = ucsdet_open(&status);
    if (U_FAILURE(status)) { *errorCode = status; return -1; }
    ucsdet_setText(detector, (const char *)bytes, length, &status);
    int32_t matchCount = 0;
    const UCharsetMatch **matches = ucsdet_detectAll(detector, &matchCount, &status);
    if (U_FAILURE(status)) {
        ucsdet_close(detector);
        // Input that no charset fits is an answer, not a failure: no candidates.
        if (status == U_INVALID_CHAR_FOUND) { *errorCode = 0; return 0; }
        *errorCode = status;
        return -1;
    }
    int32_t written = 0;
    for (int32_t index = 0; index < matchCount && written < capacity; index++) {
        status = U_ZERO_ERROR;
        const char *name = ucsdet_getName(matches[index], &status);
        int32_t confidence = ucsdet_getConfidence(matches[index], &status);
        if (U_FAILURE(status) || name == NULL || (int32_t)strlen(name) >= nameCapacity) continue;
        strcpy(names + (size_t)written * (size_t)nameCapacity, name);
        confidences[written] = confidence;
        written++;
    }
    // The matches belong to the detector: read them all before closing it.
    ucsdet_close(detector);
    *errorCode = 0;
    return written;
}

/// Opens `charset` with callbacks that stop at the first illegal or unassigned input, so that a
/// conversion either is exact or fails where the input does not fit.
static UConverter *open_strict_converter(const char *charset, UErrorCode *status) {
    UConverter *converter = ucnv_open(charset, status);
    if (U_FAILURE(*status)) return NULL;
    ucnv_setToUCallBack(converter, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, status);
    ucnv_setFromUCallBack(converter, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, status);
    ucnv_setFallback(converter, 0);
    if (U_FAILURE(*status)) { ucnv_close(converter); return NULL; }
    return converter;
}

static int32_t is_invalid_input(UErrorCode status) {
    return status == U_INVALID_CHAR_FOUND || status == U_ILLEGAL_CHAR_FOUND
        || status == U_TRUNCATED_CHAR_FOUND || status == U_ILLEGAL_ESCAPE_SEQUENCE
        || status == U_UNSUPPORTED_ESCAPE_SEQUENCE;
}

int32_t sk_convert_to_utf16(const char *charset, const uint8_t *source, int32_t sourceLength,
                            uint16_t *destination, int32_t capacity,
                            int32_t *invalidOffset, int32_t *errorCode) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter *converter = open_strict_converter(charset, &status);
    if (converter == NULL) { *errorCode = status; return -3; }
    const char *input = (const char *)source;
    const char *inputLimit = input + sourceLength;
    UChar *output = (UChar *)destination;
    ucnv_toUnicode(converter, &output, (const UChar *)destination + capacity, &input, inputLimit,
                   NULL, 1, &status);
    int32_t written = (int32_t)(output - (UChar *)destination);
    if (U_SUCCESS(status)) { ucnv_close(converter); *errorCode = 0; return written; }
    *errorCode = status;
    if (status == U_BUFFER_OVERFLOW_ERROR) { ucnv_close(converter); return -1; }
    if (!is_invalid_input(status)) { ucnv_close(converter); return -3; }
    // The source pointer stops just after the offending bytes, which the converter keeps.
    char invalid[32];
    int8_t invalidLength = (int8_t)sizeof(invalid);
    UErrorCode invalidStatus = U_ZERO_ERROR;
    ucnv_getInvalidChars(converter, invalid, &invalidLength, &invalidStatus);
    if (U_FAILURE(invalidStatus)) invalidLength = 0;
    *invalidOffset = (int32_t)(input - (const char *)source) - invalidLength;
    ucnv_close(converter);
    return -2;
}

int32_t sk_convert_from_utf16(const char *charset, const uint16_t *source, int32_t sourceLength,
                              uint8_t *destination, int32_t capacity,
                              int32_t *invalidOffset, int32_t *errorCode) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter *converter = open_strict_converter(charset, &status);
    if (converter == NULL) { *errorCode = status; return -3; }
    const UChar *input = (const UChar *)source;
    char *output = (char *)destination;
    ucnv_fromUnicode(converter, &output, (const char *)destination + capacity, &input,
                     input + sourceLength, NULL, 1, &status);
    int32_t written = (int32_t)(output - (char *)destination);
    if (U_SUCCESS(status)) { ucnv_close(converter); *errorCode = 0; return written; }
    *errorCode = status;
    if (status == U_BUFFER_OVERFLOW_ERROR) { ucnv_close(converter); return -1; }
    if (!is_invalid_input(status)) { ucnv_close(converter); return -3; }
    UChar invalid[8];
    int8_t invalidLength = (int8_t)(sizeof(invalid) / sizeof(invalid[0]));
    UErrorCode invalidStatus = U_ZERO_ERROR;
    ucnv_getInvalidUChars(converter, invalid, &invalidLength, &invalidStatus);
    if (U_FAILURE(invalidStatus)) invalidLength = 0;
    *invalidOffset = (int32_t)(input - (const UChar *)source) - invalidLength;
    ucnv_close(converter);
    return -2;
}
