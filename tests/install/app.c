/* Indexes two articles and searches them: the example of README.md, built by the test
 * against the installed library through pkg-config. Usage: app INDEX_DIR */
#include <slovo.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    slovo_db *db;
    if (argc < 2 || slovo_open(argv[1], SLOVO_OPEN_CREATE, &db) != SLOVO_OK) {
        fprintf(stderr, "cannot open index: %s\n", argc < 2 ? "no path" : slovo_errmsg(db));
        return 1;
    }
    slovo_article news[] = {
        {.id = "uk-1", .title = "Кібератака на енергетиків", .date = "2024-03-01",
         .body = "Фахівці з кібербезпеки відбили атаку на мережі обленерго."},
        {.id = "ru-1", .title = "Выборы мэра", .date = "2024-03-02",
         .body = "На выборах мэра победил действующий глава города."}};
    for (size_t i = 0; i < sizeof news / sizeof *news; i++)
        slovo_add(db, &news[i], NULL);
    slovo_commit(db);

    slovo_hits *hits;
    if (slovo_search(db, "кібербезпека", 0, NULL, &hits) == SLOVO_OK) {
        while (slovo_hits_next(hits) == SLOVO_ROW)
            printf("%zu. %s\n   %s\n", slovo_hit_rank(hits),
                   slovo_hit_field(hits, SLOVO_FIELD_TITLE, NULL),
                   slovo_hit_snippet(hits, "[", "]", 0, NULL));
        slovo_hits_free(hits);
    }
    return slovo_close(db);
}
