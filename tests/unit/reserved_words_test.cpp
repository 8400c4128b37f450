// DynamoDB's reserved words (Developer Guide, "Reserved words in DynamoDB"):
// the whole list, case-insensitive, and nothing that merely looks like a word.
#include "expr/reserved_words.h"

#include <catch2/catch.hpp>
#include <string>

using dynamo_items::expr::is_reserved_word;

TEST_CASE("reserved words: first and last word of every letter in the documented list", "[reserved_words]") {
  // Taken from the documentation page, which lists the words by initial.
  for (const char* w :
       {"ABORT",      "AVG",     "BACK",    "BYTE",      "CALL",    "CYCLE",    "DATA",    "DYNAMIC",
        "EACH",       "EXTRACT", "FAIL",    "FUNCTIONS", "GENERAL", "GROUP",    "HANDLER", "HOUR",
        "IDENTIFIED", "ITEMS",   "JOIN",    "KEY",       "KEYS",    "LAG",      "LOWER",   "MAP",
        "MULTISET",   "NAME",    "NUMBER",  "OBJECT",    "OWNER",   "PARALLEL", "PUBLIC",  "QUERY",
        "QUIT",       "RAISE",   "ROWS",    "SAMPLE",    "SYSTEM",  "TABLE",    "TTL",     "UNDER",
        "USING",      "VACUUM",  "VIRTUAL", "WAIT",      "WRITE",   "YEAR",     "ZONE"}) {
    INFO(w);
    CHECK(is_reserved_word(w));
  }
  // Words users hit all the time.
  for (const char* w : {"name", "status", "data", "timestamp", "date", "count", "size", "value", "values",
                        "user", "comment", "hash", "range", "connection", "ttl", "key", "index", "order"}) {
    INFO(w);
    CHECK(is_reserved_word(w));
  }
  // The list's odd entries are DynamoDB's, typos included.
  CHECK(is_reserved_word("FLATTERN"));
  // The longest words (14 letters).
  CHECK(is_reserved_word("LOCALTIMESTAMP"));
  CHECK(dynamo_items::expr::reserved_word_count() == 573);
}

TEST_CASE("reserved words: any case, whole words only", "[reserved_words]") {
  CHECK(is_reserved_word("Name"));
  CHECK(is_reserved_word("nAmE"));
  CHECK(is_reserved_word("localtimestamp"));
  CHECK(is_reserved_word("names"));  // a word of its own
  CHECK_FALSE(is_reserved_word("named"));
  CHECK_FALSE(is_reserved_word("nam"));
  CHECK_FALSE(is_reserved_word("name_"));
  CHECK_FALSE(is_reserved_word("name1"));
  CHECK_FALSE(is_reserved_word(" name"));
  CHECK_FALSE(is_reserved_word("LOCALTIMESTAMPS"));
  CHECK_FALSE(is_reserved_word(std::string(17, 'A')));
  CHECK_FALSE(is_reserved_word(std::string(100000, 'A')));
  CHECK_FALSE(is_reserved_word(""));
  CHECK_FALSE(is_reserved_word("pk"));
  CHECK_FALSE(is_reserved_word("sk"));
  CHECK_FALSE(is_reserved_word("email"));
  // Non-ASCII letters do not upper-case onto a word.
  CHECK_FALSE(is_reserved_word("n\xC3\xA4me"));
  CHECK_FALSE(is_reserved_word(std::string("NAME\0", 5)));
}
