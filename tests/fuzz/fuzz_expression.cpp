// Fuzzes the expression language end to end: the first byte picks condition,
// update or projection, the rest is the expression text. It is parsed,
// resolved against a fixed set of #names and :values of every type, and then
// evaluated, applied or projected on a fixed item and on a missing one.
// DynamoDB errors (syntax, resolution, runtime type errors) are expected;
// anything else (a crash, a sanitizer report, another exception) is a bug.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dynamo_items/error.h"
#include "expr/expressions.h"

using namespace dynamo_items;

namespace {

AttributeValue s(std::string v) { return AttributeValue::string(std::move(v)); }
AttributeValue n(std::string v) { return AttributeValue::number(std::move(v)); }

expr::ExpressionContext make_context() {
  return expr::ExpressionContext(
      {{"#a", "a"}, {"#b", "b"}, {"#m", "m"}, {"#l", "l"}, {"#pk", "pk"}},
      {{":s", s("text")},
       {":n", n("3")},
       {":z", n("0")},
       {":b", AttributeValue::binary(std::string("\x00\x01", 2))},
       {":t", AttributeValue::boolean(true)},
       {":null", AttributeValue::null()},
       {":l", AttributeValue::list({s("x"), n("1")})},
       {":m", AttributeValue::map({{"k", s("v")}})},
       {":ss", AttributeValue::string_set({"p", "q"})},
       {":ns", AttributeValue::number_set({"1", "2"})}});
}

Item make_item() {
  return Item{{"pk", s("key")},
              {"a", n("10")},
              {"b", s("bee")},
              {"ss", AttributeValue::string_set({"p", "r"})},
              {"l", AttributeValue::list({n("1"), AttributeValue::map({{"x", s("y")}}), s("two")})},
              {"m", AttributeValue::map({{"a", n("1")}, {"n", AttributeValue::map({{"deep", s("d")}})}})}};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  static const Item item = make_item();
  expr::ExpressionContext ctx = make_context();
  try {
    switch (data[0] % 3) {
      case 0: {
        const expr::Condition c = expr::parse_condition(text, ctx);
        c.matches(&item);
        c.matches(nullptr);
        break;
      }
      case 1: {
        const expr::Update u = expr::parse_update(text, ctx);
        u.check_key_attributes({"pk"});
        const Item updated = u.apply(item);
        u.updated_attributes(updated);
        u.apply(Item{{"pk", s("key")}});
        break;
      }
      default:
        expr::parse_projection(text, ctx).apply(item);
        break;
    }
    ctx.check_all_used();
  } catch (const Error&) {
  }
  return 0;
}
