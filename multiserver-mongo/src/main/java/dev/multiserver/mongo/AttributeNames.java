package dev.multiserver.mongo;

/**
 * Turns attribute names into field names of the {@code attributes} sub-document and back. MongoDB reads '.' in an
 * update path as nesting and a leading '$' as an operator, and BSON field names cannot hold NUL, so those and the
 * escape character '%' itself are percent-escaped; everything else, any Unicode, is kept as it is so the document
 * stays readable. The empty name, which cannot be a path segment, is the lone {@code %}.
 */
final class AttributeNames {

    private static final String EMPTY = "%";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private AttributeNames() {
    }

    static String escape(String name) {
        if (name.isEmpty()) {
            return EMPTY;
        }
        StringBuilder field = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean escaped = c == '%' || c == '.' || c == '$' || c == '\0';
            if (escaped && field == null) {
                field = new StringBuilder(name.length() + 8).append(name, 0, i);
            }
            if (escaped) {
                field.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else if (field != null) {
                field.append(c);
            }
        }
        return field == null ? name : field.toString();
    }

    /**
     * Returns the attribute name of a field name this class wrote.
     *
     * @throws IllegalArgumentException when the field name is not one {@link #escape} returns
     */
    static String unescape(String field) {
        if (field.equals(EMPTY)) {
            return "";
        }
        if (field.indexOf('%') < 0) {
            return checkedPlain(field);
        }
        StringBuilder name = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '%') {
                name.append(checkedPlain(c, field));
                continue;
            }
            if (i + 2 >= field.length()) {
                throw new IllegalArgumentException("field '" + field + "': '%' without two hex digits");
            }
            char decoded = (char) (hex(field.charAt(i + 1), field) << 4 | hex(field.charAt(i + 2), field));
            if (decoded != '%' && decoded != '.' && decoded != '$' && decoded != '\0') {
                throw new IllegalArgumentException("field '" + field + "': %" + field.substring(i + 1, i + 3)
                        + " is not an escape this store writes");
            }
            name.append(decoded);
            i += 2;
        }
        return name.toString();
    }

    private static String checkedPlain(String field) {
        for (int i = 0; i < field.length(); i++) {
            checkedPlain(field.charAt(i), field);
        }
        return field;
    }

    private static char checkedPlain(char c, String field) {
        if (c == '.' || c == '$') {
            throw new IllegalArgumentException("field '" + field + "': unescaped '" + c + "'");
        }
        return c;
    }

    private static int hex(char c, String field) {
        int digit = Character.digit(c, 16);
        if (digit < 0 || Character.isLowerCase(c)) {
            throw new IllegalArgumentException("field '" + field + "': '" + c + "' is not an upper-case hex digit");
        }
        return digit;
    }
}
