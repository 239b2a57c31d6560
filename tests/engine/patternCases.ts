// Patterns the pattern-engine specs share: realistic lookaround and back-references, and classic ReDoS.

export const SSN = "^(?!000|666|9[0-9]{2})[0-9]{3}-(?!00)[0-9]{2}-(?!0000)[0-9]{4}$";
export const PASSWORD = "^(?=.*[A-Z])(?=.*[a-z])(?=.*\\d)(?=.*[^A-Za-z0-9]).{12,64}$";
export const PASSWORD_LETTERS_DIGITS = "^(?=.*[A-Z])(?=.*\\d)[A-Za-z\\d]{8,}$";
/** pydantic's Decimal (a string of digits with an optional sign and point, not only signs and points). */
export const DECIMAL = "^(?!^[-+.]*$)[+-]?0*\\d*\\.?\\d*$";

/** Lookaround and back-references as schemas use them: the task's own, then ones from published schemas. */
export const LOOKAROUND_PATTERNS = [
  SSN, PASSWORD,
  "^(?!.*--)[a-z][a-z0-9-]{2,30}[a-z0-9]$", // an id without double hyphens
  "^(?<!_)[a-z_]+(?<!_)$", // snake_case without a trailing underscore
  "^(['\"]).*\\1$", // a quoted string, either quote
  // From published JSON Schemas:
  "^(?=.*[A-Z])(?=.*\\d)(?=.*[!@#$%^&*()]).+$", // a sign-up password (with minLength 8, maxLength 64)
  "^(?=.*[a-z])(?=.*[A-Z])(?=.*\\d)(?=.*[@$!%*?&])[A-Za-z\\d@$!%*?&]{8,}$", // a patient record's password
  "^(?!\\s+).+(?<!\\s)$", // a name with no leading or trailing space
  "^(?!uvm_)[a-z][a-z0-9_]*$", // a lint rule's class-name convention
  "^(?=.*[A-Za-z])(?=.*\\d)[A-Za-z\\d]{8,}$", // a form's password: letters and digits
  "^(?=.{1,253}$)(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$", // an RFC 1123 host name
  DECIMAL, PASSWORD_LETTERS_DIGITS,
];

/**
 * Classic catastrophic backtracking, each needing a backtracking engine (lookaround that is not at a fixed
 * position, or a back-reference): refused.
 */
export const REDOS_WITH_LOOKAROUND = [
  "^(a|a)*(?=b)", "(?<=(a+)+)b", "^(a+)+(?=b)", "(?=(\\d+)+\\.)", "^(\\w+)\\s(?=\\1)(a|aa)+$", "^a*(?=(a+)+$)", "(?!(a+)+$)z",
];

/** Catastrophic backtracking inside a lookaround at a fixed position: decomposed into RE2 searches, linear, accepted. */
export const REDOS_IN_FIXED_LOOKAROUND = ["^(?=(a+)+$)", "^(?!(\\w+\\s?)+$)x", "^(?!(a+)+$)z"];
