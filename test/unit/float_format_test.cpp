// Every expected text below was printed by Erlang/OTP 25 (erts 13.1.5), e.g.
//   erl -noshell -eval 'io:format("~p~n", [float_to_list(0.125, [{decimals, 2}])])' -s erlang halt
// and pasted as it came.

#include "vm/term/float_format.h"

#include <catch2/catch.hpp>

#include <bit>
#include <charconv>
#include <clocale>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <string_view>

using namespace std::literals;
namespace ff = ember::float_format;

namespace {

std::string or_badarg(const std::optional<std::string>& text) { return text ? *text : "badarg"; }

// Doubles are compared by their bits, so that -0.0 is not 0.0.
std::string bits_or_badarg(std::optional<double> x) {
    if (!x) return "badarg";
    char hex[17];
    auto end = std::to_chars(hex, hex + sizeof hex, std::bit_cast<std::uint64_t>(*x), 16).ptr;
    return std::string(hex, end);
}

struct Written {
    double x;
    std::string_view text;
};

struct WrittenBits {
    std::uint64_t bits;
    std::string_view text;
};

struct WithDigits {
    double x;
    int digits;
    std::string_view text;
};

struct WithDecimals {
    double x;
    int decimals;
    bool compact;
    std::string_view text;
};

struct WithDecimalsBits {
    std::uint64_t bits;
    int decimals;
    bool compact;
    std::string_view text;
};

struct Read {
    std::string_view text;
    std::optional<double> value;
};

struct ReadPrefix {
    std::string_view text;
    std::optional<ff::Prefix> prefix;
};

}  // namespace

TEST_CASE("float_to_list/1 writes C's %.20e") {
    const Written cases[] = {
        {1.0, "1.00000000000000000000e+00"sv},
        {1.5, "1.50000000000000000000e+00"sv},
        {0.1, "1.00000000000000005551e-01"sv},
        {-0.0, "-0.00000000000000000000e+00"sv},
        {0.0, "0.00000000000000000000e+00"sv},
        {5.0e-324, "4.94065645841246544177e-324"sv},
        {1.7976931348623157e308, "1.79769313486231570815e+308"sv},
        {1.0e23, "9.99999999999999916114e+22"sv},
        {2.5, "2.50000000000000000000e+00"sv},
        {1.0e-5, "1.00000000000000008180e-05"sv},
        {123456789.0, "1.23456789000000000000e+08"sv},
        {-2.5e-7, "-2.49999999999999988687e-07"sv},
        {0.30000000000000004, "3.00000000000000044409e-01"sv},
        {1.0e100, "1.00000000000000001590e+100"sv},
        {2.2250738585072014e-308, "2.22507385850720138309e-308"sv},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(ff::to_default(c.x) == c.text);
        CHECK(or_badarg(ff::format(c.x, ff::Options{})) == c.text);
    }
}

TEST_CASE("erlang:display/1 writes C's %e") {
    const Written cases[] = {
        {1.0, "1.000000e+00"sv},
        {1.5, "1.500000e+00"sv},
        {0.1, "1.000000e-01"sv},
        {-0.0, "-0.000000e+00"sv},
        {0.0, "0.000000e+00"sv},
        {5.0e-324, "4.940656e-324"sv},
        {1.7976931348623157e308, "1.797693e+308"sv},
        {1.0e23, "1.000000e+23"sv},
        {2.5, "2.500000e+00"sv},
        {1.0e-5, "1.000000e-05"sv},
        {123456789.0, "1.234568e+08"sv},
        {-2.5e-7, "-2.500000e-07"sv},
        {0.30000000000000004, "3.000000e-01"sv},
        {1.0e100, "1.000000e+100"sv},
        {2.2250738585072014e-308, "2.225074e-308"sv},
    };
    for (const auto& c : cases) CHECK(ff::to_display(c.x) == c.text);
}

TEST_CASE("short takes the shorter layout, plain on a tie, exponent from 2^53 on") {
    const Written cases[] = {
        {1.0, "1.0"sv},
        {0.1, "0.1"sv},
        {100.0, "100.0"sv},
        {1.0e3, "1.0e3"sv},
        {1.0e15, "1.0e15"sv},
        {1.0e16, "1.0e16"sv},
        {1.2345678901234568e17, "1.2345678901234568e17"sv},
        {1.0e-5, "1.0e-5"sv},
        {0.0001, "0.0001"sv},
        {0.001234, "0.001234"sv},
        {1.234e-4, "1.234e-4"sv},
        {5.0e-324, "5.0e-324"sv},
        {1.0e-323, "1.0e-323"sv},
        {2.2250738585072014e-308, "2.2250738585072014e-308"sv},
        {2.225073858507201e-308, "2.225073858507201e-308"sv},
        {1.7976931348623157e308, "1.7976931348623157e308"sv},
        {-0.0, "-0.0"sv},
        {0.0, "0.0"sv},
        {0.30000000000000004, "0.30000000000000004"sv},
        {1.5, "1.5"sv},
        {-1.5, "-1.5"sv},
        {12.0, "12.0"sv},
        {120.0, "120.0"sv},
        {1.2e3, "1.2e3"sv},
        {1230.0, "1230.0"sv},
        {12345.678, "12345.678"sv},
        {1.2e-4, "1.2e-4"sv},
        {1.0e9, "1.0e9"sv},
        {1.0e10, "1.0e10"sv},
        {1.0e22, "1.0e22"sv},
        {1.0e23, "1.0e23"sv},
        {1.0e100, "1.0e100"sv},
        {1.0e-100, "1.0e-100"sv},
        {1.5e-100, "1.5e-100"sv},
        {-2.5e-7, "-2.5e-7"sv},
        {1234567890.0, "1234567890.0"sv},
        {12345678900.0, "12345678900.0"sv},
        {1.23456789e11, "1.23456789e11"sv},
        {12345678901.0, "12345678901.0"sv},
        {4503599627370496.0, "4503599627370496.0"sv},
        {9007199254740991.0, "9007199254740991.0"sv},
        {9.007199254740992e15, "9.007199254740992e15"sv},
        {9.007199254740994e15, "9.007199254740994e15"sv},
        {9007199254740990.0, "9007199254740990.0"sv},
        {9.007199254741e15, "9.007199254741e15"sv},
        {9.00719925474099e16, "9.00719925474099e16"sv},
        {1.23456789e18, "1.23456789e18"sv},
        {0.5, "0.5"sv},
        {2.5e-5, "2.5e-5"sv},
        {0.0003, "0.0003"sv},
        {1.0e21, "1.0e21"sv},
        {1.2345678901234566e-7, "1.2345678901234566e-7"sv},
        {4.35, "4.35"sv},
        {1.0e-7, "1.0e-7"sv},
        {1.0e-10, "1.0e-10"sv},
        {1.0e-99, "1.0e-99"sv},
        {1.0e99, "1.0e99"sv},
        {100.5, "100.5"sv},
        {8.41e21, "8.41e21"sv},
        {5.0e-5, "5.0e-5"sv},
        {9.9e-5, "9.9e-5"sv},
    };
    for (const auto& c : cases) CHECK(ff::to_short(c.x) == c.text);
}

TEST_CASE("short agrees with erts on random doubles") {
    const WrittenBits cases[] = {
        {0x5f0baee1ca9b9cfc, "7.07950835292631e149"sv},
        {0x5e3d113c5e5cf3a6, "9.074088717819932e145"sv},
        {0x37a96853f2340a1b, "1.4583207548838574e-40"sv},
        {0x1e6973461a17b5e3, "3.5356157039706904e-162"sv},
        {0xba72f270a3eb50b0, "-3.826322490073539e-27"sv},
        {0x056ae5a20ec7c8c7, "1.447031511287535e-282"sv},
        {0x52a8ea895d3d2fa3, "1.5860972275043814e90"sv},
        {0xe64cf273aa3dd6f2, "-6.149957036943802e184"sv},
        {0xa86d605c1132e05e, "-5.964448548593228e-114"sv},
        {0xf94206065dfd2ef2, "-1.2480328223851589e276"sv},
        {0xbaffa0790ca01f5f, "-1.6350696705741354e-24"sv},
        {0xa8582c219fbb87ec, "-2.4539245986974594e-114"sv},
        {0x71d3e93384070a36, "2.074475792916008e240"sv},
        {0x4aa1ca33aa9b2e8e, "3.327986709789587e51"sv},
        {0x4849279c11f5da06, "1.7119418854896686e40"sv},
        {0x59d4f753bf7b4b9b, "5.543911941712069e124"sv},
        {0x0face9cd96f8f8ac, "3.6373988977933335e-233"sv},
        {0xad93add32612fd8a, "-3.8642426255625236e-89"sv},
        {0xfe0a9e87c70d7460, "-1.3927131571251752e299"sv},
        {0xf38d2efc0782ee70, "-4.080978526583082e248"sv},
        {0xc1b29d378df42a78, "-312293261.953773"sv},
        {0xbfdc6ccd41922884, "-0.44414073375140384"sv},
        {0xbd1020289695c946, "-1.4322427090659708e-14"sv},
        {0xbfb5db1040f77490, "-0.0853738936052244"sv},
        {0xbf6d954006049f33, "-0.0036112070521489236"sv},
        {0xc3339e51a833dc80, "-5522098109013120.0"sv},
        {0xbc6442df21fa1a4f, "-8.78690229741833e-18"sv},
        {0xc17b2d29610f528c, "-28496534.066240832"sv},
        {0xc0b46fc3337ef855, "-5231.762504516247"sv},
        {0xc336732004ebec40, "-6319030846352448.0"sv},
    };
    for (const auto& c : cases) CHECK(ff::to_short(std::bit_cast<double>(c.bits)) == c.text);
}

TEST_CASE("scientific is C's %.*e, refused beyond 255 characters") {
    const WithDigits cases[] = {
        {2.675, 0, "3e+00"sv},
        {2.675, 1, "2.7e+00"sv},
        {2.675, 2, "2.67e+00"sv},
        {2.5, 0, "2e+00"sv},
        {3.5, 0, "4e+00"sv},
        {0.125, 1, "1.2e-01"sv},
        {0.375, 1, "3.8e-01"sv},
        {1.0, 0, "1e+00"sv},
        {-0.0, 0, "-0e+00"sv},
        {-0.0, 3, "-0.000e+00"sv},
        {0.0, 5, "0.00000e+00"sv},
        {5.0e-324, 0, "5e-324"sv},
        {5.0e-324, 3, "4.941e-324"sv},
        {5.0e-324, 30, "4.940656458412465441765687928682e-324"sv},
        {1.7976931348623157e308, 0, "2e+308"sv},
        {1.7976931348623157e308, 16, "1.7976931348623157e+308"sv},
        {1.7976931348623157e308, 17, "1.79769313486231571e+308"sv},
        {9.5, 0, "1e+01"sv},
        {0.1, 30, "1.000000000000000055511151231258e-01"sv},
        {1.0e-300, 2, "1.00e-300"sv},
        {123456.0, 2, "1.23e+05"sv},
        {999.5, 2, "1.00e+03"sv},
        {9.9999, 3, "1.000e+01"sv},
        {1.0, 249, "1.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000e+00"sv},
        {-1.0, 249, "badarg"sv},
        {1.0e100, 249, "badarg"sv},
        {1.0e-100, 249, "badarg"sv},
        {-1.0e-100, 248, "badarg"sv},
        {1.5, 248, "1.50000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000e+00"sv},
    };
    for (const auto& c : cases) {
        INFO(c.x << " " << c.digits);
        CHECK(or_badarg(ff::to_scientific(c.x, c.digits)) == c.text);
    }
}

TEST_CASE("decimals rounds as erts does, compact drops trailing zeros") {
    const WithDecimals cases[] = {
        {2.675, 2, false, "2.67"sv},
        {2.675, 2, true, "2.67"sv},
        {2.675, 0, false, "3"sv},
        {2.675, 0, true, "3"sv},
        {0.5, 0, false, "1"sv},
        {0.5, 0, true, "1"sv},
        {1.5, 0, false, "2"sv},
        {1.5, 0, true, "2"sv},
        {2.5, 0, false, "3"sv},
        {2.5, 0, true, "3"sv},
        {-0.5, 0, false, "-1"sv},
        {-0.5, 0, true, "-1"sv},
        {-2.5, 0, false, "-3"sv},
        {-2.5, 0, true, "-3"sv},
        {0.125, 2, false, "0.13"sv},
        {0.125, 2, true, "0.13"sv},
        {0.375, 2, false, "0.38"sv},
        {0.375, 2, true, "0.38"sv},
        {-0.125, 2, false, "-0.13"sv},
        {-0.125, 2, true, "-0.13"sv},
        {1.005, 2, false, "1.00"sv},
        {1.005, 2, true, "1.0"sv},
        {0.995, 2, false, "1.00"sv},
        {0.995, 2, true, "1.0"sv},
        {0.05, 1, false, "0.1"sv},
        {0.05, 1, true, "0.1"sv},
        {0.045, 1, false, "0.0"sv},
        {0.045, 1, true, "0.0"sv},
        {0.49999999999999994, 0, false, "0"sv},
        {0.49999999999999994, 0, true, "0"sv},
        {1.4999999999999998, 0, false, "1"sv},
        {1.4999999999999998, 0, true, "1"sv},
        {0.999, 2, false, "1.00"sv},
        {0.999, 2, true, "1.0"sv},
        {9.995, 2, false, "9.99"sv},
        {9.995, 2, true, "9.99"sv},
        {99.99999, 3, false, "100.000"sv},
        {99.99999, 3, true, "100.0"sv},
        {0.1249, 2, false, "0.12"sv},
        {0.1249, 2, true, "0.12"sv},
        {0.123456789, 18, false, "0.123456789000000000"sv},
        {0.123456789, 18, true, "0.123456789"sv},
        {0.123456789, 19, false, "0.1234567889999999973"sv},
        {0.123456789, 19, true, "0.1234567889999999973"sv},
        {0.1, 20, false, "0.10000000000000000555"sv},
        {0.1, 20, true, "0.10000000000000000555"sv},
        {1.0e-5, 10, false, "0.0000100000"sv},
        {1.0e-5, 10, true, "0.00001"sv},
        {1.0e-5, 3, false, "0.000"sv},
        {1.0e-5, 3, true, "0.0"sv},
        {5.0e-19, 18, false, "0.000000000000000001"sv},
        {5.0e-19, 18, true, "0.000000000000000001"sv},
        {4.9e-19, 18, false, "0.000000000000000000"sv},
        {4.9e-19, 18, true, "0.0"sv},
        {5.0e-324, 10, false, "0.0000000000"sv},
        {5.0e-324, 10, true, "0.0"sv},
        {-0.0, 0, false, "-0"sv},
        {-0.0, 0, true, "-0"sv},
        {-0.0, 2, false, "-0.00"sv},
        {-0.0, 2, true, "-0.0"sv},
        {0.0, 0, false, "0"sv},
        {0.0, 0, true, "0"sv},
        {-0.001, 0, false, "-0"sv},
        {-0.001, 0, true, "-0"sv},
        {-0.001, 2, false, "-0.00"sv},
        {-0.001, 2, true, "-0.0"sv},
        {-1.0e-20, 20, false, "-0.00000000000000000001"sv},
        {-1.0e-20, 20, true, "-0.00000000000000000001"sv},
        {-1.0e-20, 19, false, "-0.0000000000000000000"sv},
        {-1.0e-20, 19, true, "-0.0"sv},
        {4503599627370495.5, 0, false, "4503599627370496"sv},
        {4503599627370495.5, 0, true, "4503599627370496"sv},
        {4503599627370495.5, 1, false, "4503599627370495.5"sv},
        {4503599627370495.5, 1, true, "4503599627370495.5"sv},
        {9007199254740991.0, 0, false, "9007199254740991"sv},
        {9007199254740991.0, 0, true, "9007199254740991"sv},
        {9.007199254740992e15, 0, false, "9007199254740992"sv},
        {9.007199254740992e15, 0, true, "9007199254740992"sv},
        {9.007199254740992e15, 2, false, "9007199254740992.00"sv},
        {9.007199254740992e15, 2, true, "9007199254740992.0"sv},
        {9.007199254740994e15, 2, false, "9007199254740994.00"sv},
        {9.007199254740994e15, 2, true, "9007199254740994.0"sv},
        {1.0e15, 3, false, "1000000000000000.000"sv},
        {1.0e15, 3, true, "1000000000000000.0"sv},
        {1.0e16, 0, false, "10000000000000000"sv},
        {1.0e16, 0, true, "1"sv},
        {1.0e16, 1, false, "10000000000000000.0"sv},
        {1.0e16, 1, true, "10000000000000000.0"sv},
        {1.0e23, 0, false, "99999999999999991611392"sv},
        {1.0e23, 0, true, "99999999999999991611392"sv},
        {123456789.12345679, 10, false, "123456789.1234567910"sv},
        {123456789.12345679, 10, true, "123456789.123456791"sv},
        {0.1, 18, false, "0.100000000000000000"sv},
        {0.1, 18, true, "0.1"sv},
        {0.3, 17, false, "0.30000000000000000"sv},
        {0.3, 17, true, "0.3"sv},
        {2.0e-7, 6, false, "0.000000"sv},
        {2.0e-7, 6, true, "0.0"sv},
        {2.5e-7, 6, false, "0.000000"sv},
        {2.5e-7, 6, true, "0.0"sv},
        {1.0e200, 53, false, "99999999999999996973312221251036165947450327545502362648241750950346848435554075534196338404706251868027512415973882408182135734368278484639385041047239877871023591066789981811181813306167128854888448.00000000000000000000000000000000000000000000000000000"sv},
        {1.0e200, 53, true, "99999999999999996973312221251036165947450327545502362648241750950346848435554075534196338404706251868027512415973882408182135734368278484639385041047239877871023591066789981811181813306167128854888448.0"sv},
        {1.0e200, 54, false, "99999999999999996973312221251036165947450327545502362648241750950346848435554075534196338404706251868027512415973882408182135734368278484639385041047239877871023591066789981811181813306167128854888448.000000000000000000000000000000000000000000000000000000"sv},
        {1.0e200, 54, true, "99999999999999996973312221251036165947450327545502362648241750950346848435554075534196338404706251868027512415973882408182135734368278484639385041047239877871023591066789981811181813306167128854888448.0"sv},
        {-1.0e200, 53, false, "-99999999999999996973312221251036165947450327545502362648241750950346848435554075534196338404706251868027512415973882408182135734368278484639385041047239877871023591066789981811181813306167128854888448.00000000000000000000000000000000000000000000000000000"sv},
        {-1.0e200, 53, true, "-99999999999999996973312221251036165947450327545502362648241750950346848435554075534196338404706251868027512415973882408182135734368278484639385041047239877871023591066789981811181813306167128854888448.0"sv},
        {1.0e254, 0, false, "99999999999999993635870693776759177364257073275700735648394407233581562780527075488933869945869475779810351826094056924551506641653143357437722624094200055601817197027212385681288624374039982763538319739206631507774359582937997162411679696940490282762240"sv},
        {1.0e254, 0, true, "9999999999999999363587069377675917736425707327570073564839440723358156278052707548893386994586947577981035182609405692455150664165314335743772262409420005560181719702721238568128862437403998276353831973920663150777435958293799716241167969694049028276224"sv},
        {1.0e255, 0, false, "999999999999999988452569694641453289891412847766833896677368465428848130901034909295879619908945316559292587569958465674654992927728624557883489163749540246356891129106733591931304833693638565628182306078113383272782784390994049606075766012189756664840192"sv},
        {1.0e255, 0, true, "999999999999999988452569694641453289891412847766833896677368465428848130901034909295879619908945316559292587569958465674654992927728624557883489163749540246356891129106733591931304833693638565628182306078113383272782784390994049606075766012189756664840192"sv},
        {-1.0e254, 0, false, "-99999999999999993635870693776759177364257073275700735648394407233581562780527075488933869945869475779810351826094056924551506641653143357437722624094200055601817197027212385681288624374039982763538319739206631507774359582937997162411679696940490282762240"sv},
        {-1.0e254, 0, true, "-9999999999999999363587069377675917736425707327570073564839440723358156278052707548893386994586947577981035182609405692455150664165314335743772262409420005560181719702721238568128862437403998276353831973920663150777435958293799716241167969694049028276224"sv},
        {1.0e300, 0, false, "badarg"sv},
        {1.0e300, 0, true, "badarg"sv},
        {1.7976931348623157e308, 0, false, "badarg"sv},
        {1.7976931348623157e308, 0, true, "badarg"sv},
        {0.5, 253, false, "0.5000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"sv},
        {0.5, 253, true, "0.5"sv},
        {-0.5, 253, false, "badarg"sv},
        {-0.5, 253, true, "badarg"sv},
        {-0.5, 252, false, "-0.500000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"sv},
        {-0.5, 252, true, "-0.5"sv},
        {10.0, 253, false, "badarg"sv},
        {10.0, 253, true, "badarg"sv},
        {10.0, 252, false, "10.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"sv},
        {10.0, 252, true, "10.0"sv},
    };
    for (const auto& c : cases) {
        INFO(c.x << " " << c.decimals << (c.compact ? " compact" : ""));
        CHECK(or_badarg(ff::to_decimals(c.x, c.decimals, c.compact)) == c.text);
    }
}

TEST_CASE("decimals agrees with erts on random doubles and rounding edges") {
    const WithDecimalsBits cases[] = {
        {0xc0473f8a8c394588, 10, true, "-46.4964156418"sv},
        {0xbf919ab5c034aae3, 11, true, "-0.01719173418"sv},
        {0xbf4ca0e42f5d6eb2, 20, false, "-0.00087367193075801029"sv},
        {0xc0367692762b5c08, 4, false, "-22.4632"sv},
        {0xc0c291d052ac7dc1, 20, false, "-9507.62752300396277860273"sv},
        {0x40512d82177f45ff, 4, false, "68.7111"sv},
        {0xc297904ffec01072, 6, true, "-6477146206212.111328"sv},
        {0xbf1b63c0bad90c5a, 15, true, "-0.000104483259485"sv},
        {0xc33a07912d69eac5, 8, false, "-7326669508045509.00000000"sv},
        {0xc26439bc7b98d8bd, 18, true, "-694943997126.773071289062499968"sv},
        {0x406731999999999a, 12, true, "185.55"sv},
        {0x408659f9db22d0e5, 25, true, "715.2469999999999572537490167"sv},
        {0x4072e076c8b43958, 2, false, "302.03"sv},
        {0xc0244ac083126e98, 0, false, "-10"sv},
        {0xc079a010624dd2f2, 6, false, "-410.004000"sv},
        {0x4066ea3600000000, 6, true, "183.319092"sv},
        {0xc03d751800000000, 2, true, "-29.46"sv},
        {0x404ef2a000000000, 25, false, "61.8955078125000000000000000"sv},
        {0xc0919cf800000000, 4, false, "-1127.2422"sv},
        {0xc03a388000000000, 7, true, "-26.2207031"sv},
        {0xc32927153b6eae7e, 22, true, "-3539923281336127.0"sv},
        {0xc336fa5d4826dc74, 12, true, "-6467728037043316.0"sv},
        {0xc08e3800000044a1, 18, true, "-967.000000001997364052"sv},
        {0xc08969b21488b29f, 9, true, "-813.211953228"sv},
        {0xbff0000000000002, 16, true, "-1.0000000000000004"sv},
        {0xc03c0000001f1a58, 16, true, "-28.0000000072417095"sv},
        {0xc085c80001866857, 18, true, "-697.000002908763121923"sv},
        {0xbfefffffffbb47d2, 9, true, "-1.0"sv},
        {0xbea9d3cd2f65ceb4, 11, true, "-0.00000076972"sv},
        {0xbe90c6f7a0b5ed90, 6, true, "-0.0"sv},
        // The scaled fraction is 0.49999999999999994: adding 0.5 would round it up.
        {0x3c570ef54646d496, 17, false, "0.00000000000000000"sv},
        {0x3c570ef54646d496, 17, true, "0.0"sv},
        {0x3ed4f8b588e368f0, 5, false, "0.00000"sv},
        {0xbed4f8b588e368f0, 5, true, "-0.0"sv},
        {0xbc22725dd1d243ab, 18, false, "-0.000000000000000000"sv},
        {0xbc22725dd1d243ab, 18, true, "-0.0"sv},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        double x = std::bit_cast<double>(c.bits);
        CHECK(or_badarg(ff::to_decimals(x, c.decimals, c.compact)) == c.text);
    }
}

TEST_CASE("options apply in list order, the last notation winning") {
    auto text = [](double x, auto&& configure) {
        ff::Options options;
        configure(options);
        return or_badarg(ff::format(x, options));
    };
    CHECK(text(1.0, [](ff::Options& o) { o.set_decimals(2); o.set_scientific(3); }) == "1.000e+00");
    CHECK(text(1.0, [](ff::Options& o) { o.set_scientific(3); o.set_decimals(2); }) == "1.00");
    CHECK(text(1.0, [](ff::Options& o) { o.set_short(); o.set_decimals(2); }) == "1.00");
    CHECK(text(1.0, [](ff::Options& o) { o.set_decimals(2); o.set_short(); }) == "1.0");
    CHECK(text(1.0, [](ff::Options& o) { o.set_short(); o.set_scientific(2); }) == "1.00e+00");
    CHECK(text(1.5, [](ff::Options& o) { o.set_decimals(3); o.set_decimals(5); }) == "1.50000");
    CHECK(text(1.5, [](ff::Options& o) { o.set_compact(); o.set_decimals(3); }) == "1.5");
    CHECK(text(1.5, [](ff::Options& o) { o.set_decimals(1); o.set_compact(); o.set_scientific(2); }) ==
          "1.50e+00");
    CHECK(text(1.0, [](ff::Options& o) { o.set_compact(); }) == "1.00000000000000000000e+00");
    CHECK(text(1.0, [](ff::Options& o) { o.set_scientific(3); o.set_compact(); }) == "1.000e+00");
    CHECK(text(1.0, [](ff::Options& o) { o.set_short(); o.set_compact(); }) == "1.0");
}

TEST_CASE("option numbers are C ints, and out of range is badarg") {
    ff::Options ranges;
    CHECK(ranges.set_decimals(0));
    CHECK(ranges.set_decimals(253));
    CHECK_FALSE(ranges.set_decimals(254));
    CHECK_FALSE(ranges.set_decimals(-1));
    CHECK_FALSE(ranges.set_decimals(std::int64_t{1} << 31));
    CHECK(ranges.set_scientific(249));
    CHECK_FALSE(ranges.set_scientific(250));
    CHECK_FALSE(ranges.set_scientific((std::int64_t{1} << 32) + 250));

    auto text = [](double x, auto&& configure) {
        ff::Options options;
        REQUIRE(configure(options));
        return or_badarg(ff::format(x, options));
    };
    // A negative precision reaches printf, which means its default, 6.
    CHECK(text(1.5, [](ff::Options& o) { return o.set_scientific(-1); }) == "1.500000e+00");
    CHECK(text(1.5, [](ff::Options& o) { return o.set_scientific(-1000); }) == "1.500000e+00");
    CHECK(text(1.5, [](ff::Options& o) { return o.set_scientific(std::int64_t{1} << 31); }) ==
          "1.500000e+00");
    // Only the low 32 bits count.
    CHECK(text(1.5, [](ff::Options& o) { return o.set_scientific((std::int64_t{1} << 32) + 3); }) ==
          "1.500e+00");
    CHECK(text(1.5, [](ff::Options& o) { return o.set_scientific(-(std::int64_t{1} << 59)); }) ==
          "2e+00");
    CHECK(text(1.5, [](ff::Options& o) { return o.set_decimals((std::int64_t{1} << 32) + 3); }) ==
          "1.500");
    CHECK(text(1.5, [](ff::Options& o) { return o.set_decimals(-(std::int64_t{1} << 32)); }) == "2");
}

TEST_CASE("list_to_float accepts erts' syntax and nothing else") {
    const Read cases[] = {
        {"1.0"sv, 1.0},
        {"-1.5e10"sv, -1.5e10},
        {"1.0E+3"sv, 1.0e3},
        {"1.0e-3"sv, 0.001},
        {"+1.5"sv, 1.5},
        {"+1.5e+3"sv, 1.5e3},
        {"1,5"sv, 1.5},
        {"9,9e-1"sv, 0.99},
        {"0.0"sv, 0.0},
        {"-0.0"sv, -0.0},
        {"00.5"sv, 0.5},
        {"01.5"sv, 1.5},
        {"1.5e05"sv, 1.5e5},
        {"1.5E-3"sv, 0.0015},
        {"0.1e1"sv, 1.0},
        {"-0.0e5"sv, -0.0},
        {"1.0e0000000000000000000000000003"sv, 1.0e3},
        {"1.7976931348623157e308"sv, 1.7976931348623157e308},
        {"1.7976931348623158e308"sv, 1.7976931348623157e308},
        {"1.7976931348623159e308"sv, std::nullopt},
        {"1.0e308"sv, 1.0e308},
        {"1.0e309"sv, std::nullopt},
        {"1.0e400"sv, std::nullopt},
        {"-1.0e400"sv, std::nullopt},
        {"1.0e99999999999999999999"sv, std::nullopt},
        {"1.0e-400"sv, 0.0},
        {"-1.0e-400"sv, -0.0},
        {"1.0e-99999999999999999999"sv, 0.0},
        {"0.0e99999"sv, 0.0},
        {"4.9e-324"sv, 5.0e-324},
        {"2.4703282292062327e-324"sv, 0.0},
        {"2.4703282292062328e-324"sv, 5.0e-324},
        {"2.2250738585072011e-308"sv, 2.225073858507201e-308},
        {"9007199254740993.0"sv, 9.007199254740992e15},
        {"12345678901234567890.0"sv, 1.2345678901234567e19},
        {"1.0"sv, 1.0},
        {"1e10"sv, std::nullopt},
        {"1."sv, std::nullopt},
        {"1.e5"sv, std::nullopt},
        {".5"sv, std::nullopt},
        {"-.5"sv, std::nullopt},
        {"+.5"sv, std::nullopt},
        {"1"sv, std::nullopt},
        {""sv, std::nullopt},
        {"-"sv, std::nullopt},
        {"+"sv, std::nullopt},
        {"--1.0"sv, std::nullopt},
        {"-+1.0"sv, std::nullopt},
        {"1.0e"sv, std::nullopt},
        {"1.0e+"sv, std::nullopt},
        {"1.0e-"sv, std::nullopt},
        {"1.5ee3"sv, std::nullopt},
        {"1.5e+-5"sv, std::nullopt},
        {"1.5.0"sv, std::nullopt},
        {"1,5,"sv, std::nullopt},
        {"1.0."sv, std::nullopt},
        {"1.0x"sv, std::nullopt},
        {"1.0f"sv, std::nullopt},
        {" 1.0"sv, std::nullopt},
        {"1.0 "sv, std::nullopt},
        {"1.0\n"sv, std::nullopt},
        {"\t1.0"sv, std::nullopt},
        {"1_000.0"sv, std::nullopt},
        {"1.0_0"sv, std::nullopt},
        {"inf"sv, std::nullopt},
        {"nan"sv, std::nullopt},
        {"0x1.0p3"sv, std::nullopt},
        {"1.5e3.0"sv, std::nullopt},
        {"- 1.0"sv, std::nullopt},
        {"1.0 e3"sv, std::nullopt},
        {"1.0e 3"sv, std::nullopt},
        {"1.0\0"sv, 1.0},
        {"1.0\0" "abc"sv, 1.0},
        {"1.0e5\0" "x"sv, 1.0e5},
        {"\0"sv, std::nullopt},
        {"1\0" ".0"sv, std::nullopt},
    };
    for (const auto& c : cases) {
        INFO('"' << std::string(c.text) << '"');
        CHECK(bits_or_badarg(ff::parse(c.text)) == bits_or_badarg(c.value));
    }
}

TEST_CASE("list_to_float rounds long texts correctly") {
    auto zeros = [](int n) { return std::string(n, '0'); };
    auto ones = [](int n) { return std::string(n, '1'); };
    auto same = [](std::optional<double> a, std::optional<double> b) {
        return bits_or_badarg(a) == bits_or_badarg(b);
    };
    CHECK(same(ff::parse("1." + zeros(100000) + "1"), 1.0));
    CHECK(same(ff::parse("9007199254740993." + zeros(1000) + "1"), 9.007199254740994e15));
    CHECK(same(ff::parse("9007199254740993." + zeros(1000)), 9.007199254740992e15));
    CHECK(same(ff::parse("0." + zeros(400) + "1e401"), 1.0));
    CHECK(same(ff::parse(ones(400) + ".0e-399"), 1.1111111111111112));
    CHECK(same(ff::parse(ones(400) + ".0"), std::nullopt));
    CHECK(same(ff::parse("0." + zeros(400) + "1"), 0.0));
    CHECK(same(ff::parse("-0." + zeros(400) + "1"), -0.0));
    CHECK(same(ff::parse("-" + ones(400) + ".0e-700"), -1.1111111111111111e-301));
    CHECK(same(ff::parse("1.0e-" + std::string(30, '9')), 0.0));
    CHECK(same(ff::parse("0.0e" + std::string(30, '9')), 0.0));
}

// test/run_unit.sh runs this with LOCPATH holding a compiled de_DE.UTF-8, whose decimal point
// is a comma: an app that embeds ember may choose such a locale, and reading must not change.
TEST_CASE("list_to_float reads the same under a locale with a decimal comma", "[.comma-locale]") {
    REQUIRE(std::setlocale(LC_NUMERIC, "de_DE.UTF-8"));
    REQUIRE(std::strtod("0.5", nullptr) == 0.0);  // the comma is in force
    CHECK(bits_or_badarg(ff::parse("1.5")) == bits_or_badarg(1.5));
    CHECK(bits_or_badarg(ff::parse("1,5e3")) == bits_or_badarg(1.5e3));
    CHECK(bits_or_badarg(ff::parse("-2.5e-310")) == bits_or_badarg(-2.5e-310));
    auto prefix = ff::parse_prefix("0.25,x");
    REQUIRE(prefix);
    CHECK(prefix->value == 0.25);
    CHECK(prefix->length == 4);
    std::setlocale(LC_NUMERIC, "C");
}

TEST_CASE("string:list_to_float reads the longest float prefix") {
    const ReadPrefix cases[] = {
        {"1.0 "sv, ff::Prefix{1.0, 3}},
        {"1.5e"sv, ff::Prefix{1.5, 3}},
        {"1.5e+"sv, ff::Prefix{1.5, 3}},
        {"1.5e+-5"sv, ff::Prefix{1.5, 3}},
        {"1,5"sv, ff::Prefix{1.5, 3}},
        {"1.5,5"sv, ff::Prefix{1.5, 3}},
        {"1.0e400x"sv, std::nullopt},
        {"1"sv, std::nullopt},
        {"1x"sv, std::nullopt},
        {"1."sv, std::nullopt},
        {"1.x"sv, std::nullopt},
        {"-"sv, std::nullopt},
        {"1.0e-400x"sv, ff::Prefix{0.0, 8}},
        {"1.0e3e3"sv, ff::Prefix{1.0e3, 5}},
        {"1.5E3Z"sv, ff::Prefix{1.5e3, 5}},
        {"1.0e05x"sv, ff::Prefix{1.0e5, 6}},
        {"12.34.56"sv, ff::Prefix{12.34, 5}},
        {"-1.5x"sv, ff::Prefix{-1.5, 4}},
        {"+1.5x"sv, ff::Prefix{1.5, 4}},
        {"1.0e3,5"sv, ff::Prefix{1.0e3, 5}},
        {"1.0\0" "x"sv, ff::Prefix{1.0, 3}},
        {""sv, std::nullopt},
        {",5"sv, std::nullopt},
        {"abc"sv, std::nullopt},
        {"1.0e+3e"sv, ff::Prefix{1.0e3, 6}},
    };
    for (const auto& c : cases) {
        INFO('"' << std::string(c.text) << '"');
        auto got = ff::parse_prefix(c.text);
        REQUIRE(got.has_value() == c.prefix.has_value());
        if (!got) continue;
        CHECK(bits_or_badarg(got->value) == bits_or_badarg(c.prefix->value));
        CHECK(got->length == c.prefix->length);
    }
    auto long_prefix = ff::parse_prefix("1." + std::string(400, '0') + "1x");
    REQUIRE(long_prefix);
    CHECK(long_prefix->value == 1.0);
    CHECK(long_prefix->length == 403);
    CHECK_FALSE(ff::parse_prefix(std::string(400, '1') + ".0x"));
}

namespace {

// The significant digits of a short form: "-1.25e-3" and "0.00125" give "125".
std::string significant_digits(std::string_view text) {
    std::string digits;
    for (char c : text.substr(0, text.find('e'))) {
        if (c >= '0' && c <= '9') digits += c;
    }
    digits.erase(0, digits.find_first_not_of('0'));
    digits.erase(digits.find_last_not_of('0') + 1);
    return digits;
}

// Whether some decimal of `count` significant digits reads back as x: only
// the two that bracket x can, and they are the nearest one and its neighbours.
bool has_shorter_form(double x, int count) {
    char text[64];
    auto end = std::to_chars(text, text + sizeof text, x, std::chars_format::scientific, count - 1).ptr;
    std::string_view nearest(text, end - text);
    std::size_t e = nearest.find('e');
    std::string mantissa(nearest.substr(0, e));
    mantissa.erase(mantissa.find('.') == std::string::npos ? mantissa.size() : mantissa.find('.'), 1);
    std::int64_t units = std::stoll(mantissa);
    int exponent = std::stoi(std::string(nearest.substr(e + 1))) - (count - 1);
    for (std::int64_t candidate : {units - 1, units, units + 1}) {
        std::string decimal = std::to_string(candidate) + "e" + std::to_string(exponent);
        if (std::strtod(decimal.c_str(), nullptr) == x) return true;
    }
    return false;
}

void check_short_round_trip(double x) {
    std::string text = ff::to_short(x);
    INFO(text << " from bits " << std::hex << std::bit_cast<std::uint64_t>(x));
    REQUIRE(bits_or_badarg(ff::parse(text)) == bits_or_badarg(x));
    int count = static_cast<int>(significant_digits(text).size());
    if (count > 1) REQUIRE_FALSE(has_shorter_form(std::fabs(x), count - 1));
}

}  // namespace

TEST_CASE("short reads back as itself, with no digit to spare") {
    std::mt19937_64 random(20240613);
    for (int i = 0; i < 300000; ++i) {
        double x = std::bit_cast<double>(random());
        if (std::isfinite(x)) check_short_round_trip(x);
    }
    // Short decimals, whose neighbours are the likeliest to be written too long.
    for (int i = 0; i < 100000; ++i) {
        auto mantissa = random() % 100000;
        auto exponent = static_cast<int>(random() % 600) - 300;
        std::string decimal = std::to_string(mantissa) + "e" + std::to_string(exponent);
        double x = std::strtod(decimal.c_str(), nullptr);
        check_short_round_trip(x);
        check_short_round_trip(std::nextafter(x, 0.0));
        check_short_round_trip(std::nextafter(x, 1e308));
    }
    // Powers of two, where the gap below is half the gap above.
    for (int e = -1074; e <= 1023; ++e) check_short_round_trip(std::ldexp(1.0, e));
}
