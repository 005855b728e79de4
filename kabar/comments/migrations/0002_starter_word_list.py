"""An Indonesian starter word list: common insults, swear words and slurs, kept short and mild.

Matching comments wait for a moderator (they are not refused). Moderators edit the list in the
admin ("Comments" > "Word list"); removing the migration's words later is their call, so going
back deletes only the words it added and that are still there.
"""

from django.db import migrations

STARTER_WORDS = [
    "anjing", "anjir", "asu", "babi", "bacot", "bajingan", "bangsat", "bangke", "banci", "bego",
    "bencong", "brengsek", "cebong", "dungu", "goblok", "idiot", "jancok", "jancuk", "kadrun",
    "kampret", "keparat", "kontol", "lonte", "memek", "monyet", "ngentot", "pelacur", "perek",
    "sialan", "taik", "tolol",
]  # fmt: skip


def add_words(apps, schema_editor):
    BlockedWord = apps.get_model("comments", "BlockedWord")
    for word in STARTER_WORDS:
        BlockedWord.objects.get_or_create(word=word)


def remove_words(apps, schema_editor):
    BlockedWord = apps.get_model("comments", "BlockedWord")
    BlockedWord.objects.filter(word__in=STARTER_WORDS).delete()


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial")]

    operations = [migrations.RunPython(add_words, remove_words)]
