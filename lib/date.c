/* date.c: see date.h. */
#include "date.h"

#include <string.h>
#include <strings.h>

/* The number written by the n digits at s (and only digits), in *v; 0 when they are not. */
static int digits(const char *s, size_t n, int *v)
{
    *v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        *v = *v * 10 + (s[i] - '0');
    }
    return 1;
}

/* The key of year y, month m, day d into out, when they make a date of the calendar. */
static int real_date(int y, int m, int d, char out[9])
{
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days[m - 1] || (m == 2 && d == 29 && !leap))
        return 0;
    int v = y * 10000 + m * 100 + d; /* y has four digits: it was read from them */
    for (int i = 7; i >= 0; i--, v /= 10)
        out[i] = (char)('0' + v % 10);
    out[8] = '\0';
    return 1;
}

int date_iso_key(const char *text, size_t len, char out[9])
{
    int y, m, d;
    return len >= 10 && text[4] == '-' && text[7] == '-' && digits(text, 4, &y) &&
           digits(text + 5, 2, &m) && digits(text + 8, 2, &d) && real_date(y, m, d, out);
}

/* A number of one or two digits at text[*i..len), and *i past it; 0 when there is none. */
static int small_number(const char *text, size_t len, size_t *i, int *v)
{
    size_t n = 0;
    while (*i + n < len && n < 3 && text[*i + n] >= '0' && text[*i + n] <= '9')
        n++;
    if (n == 0 || n > 2 || !digits(text + *i, n, v))
        return 0;
    *i += n;
    return 1;
}

/* "16.06.2021" or "6.6.2021", alone or followed by anything but a digit. */
static int dotted_key(const char *text, size_t len, char out[9])
{
    size_t i = 0;
    int y, m, d;
    if (!small_number(text, len, &i, &d) || i >= len || text[i++] != '.' ||
        !small_number(text, len, &i, &m) || i >= len || text[i++] != '.' || i + 4 > len ||
        !digits(text + i, 4, &y) || (i + 4 < len && text[i + 4] >= '0' && text[i + 4] <= '9'))
        return 0;
    return real_date(y, m, d, out);
}

/* RFC 2822: "Wed, 16 Jun 2021 ...", the day of the week optional. */
static int rfc2822_key(const char *text, size_t len, char out[9])
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    size_t i = len > 5 && text[3] == ',' && text[4] == ' ' ? 5 : 0;
    int y, d;
    if (!small_number(text, len, &i, &d) || i + 9 > len || text[i] != ' ' || text[i + 4] != ' ')
        return 0;
    for (int m = 0; m < 12; m++)
        if (strncasecmp(text + i + 1, months + 3 * m, 3) == 0)
            return digits(text + i + 5, 4, &y) && real_date(y, m + 1, d, out);
    return 0;
}

int date_key(const char *text, size_t len, char out[9])
{
    return date_iso_key(text, len, out) || dotted_key(text, len, out) ||
           rfc2822_key(text, len, out);
}
