from mtaudit.scoring.cache import DiskCache, pack, text_digest, unpack

TOKENS = ((0, 3, 1.5, 0), (4, 9, 0.25, 7), (9, 10, 12.0, 4012))


def test_pack_roundtrip_is_exact_for_float32_values():
    assert unpack(pack(TOKENS)) == TOKENS
    assert unpack(pack(())) == ()


def test_disk_cache_roundtrip_and_model_keys(tmp_path):
    path = tmp_path / "scores.sqlite3"
    a, b = DiskCache(path, "model-a"), DiskCache(path, "model-b")
    digest = text_digest("A sentence.")
    a.put_many([(digest, TOKENS)])
    assert DiskCache(path, "model-a").get_many([digest]) == {digest: TOKENS}
    assert b.get_many([digest]) == {}


def test_many_keys_are_looked_up_in_chunks(tmp_path):
    cache = DiskCache(tmp_path / "scores.sqlite3", "m")
    items = [(text_digest(str(i)), ((0, 1, float(i), i),)) for i in range(1200)]
    cache.put_many(items)
    assert cache.get_many([d for d, _ in items]) == dict(items)


def test_unusable_location_turns_the_disk_cache_off(tmp_path):
    (tmp_path / "scores.sqlite3").mkdir()  # a directory where the database should be
    cache = DiskCache(tmp_path / "scores.sqlite3", "m")
    assert not cache.enabled
    cache.put_many([(text_digest("x"), TOKENS)])
    assert cache.get_many([text_digest("x")]) == {}
