-- head 0009
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
)
;
CREATE TABLE articles (
	id INTEGER NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	ref TEXT NOT NULL, 
	kind VARCHAR(8) NOT NULL, 
	url TEXT, 
	outlet TEXT, 
	title TEXT, 
	published VARCHAR(32), 
	language VARCHAR(16), 
	authors TEXT NOT NULL, 
	removed TEXT NOT NULL, 
	text TEXT NOT NULL, 
	word_count INTEGER NOT NULL, 
	story_id INTEGER, 
	ingested_at DATETIME NOT NULL, content_id VARCHAR(64), 
	PRIMARY KEY (id), 
	UNIQUE (content_hash)
)
;
CREATE TABLE pages (
	id INTEGER NOT NULL, 
	raw_hash VARCHAR(64) NOT NULL, 
	article_id INTEGER NOT NULL, 
	ref TEXT NOT NULL, 
	origin TEXT NOT NULL, 
	kind VARCHAR(8) NOT NULL, 
	url TEXT, 
	raw BLOB NOT NULL, 
	ingested_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (raw_hash), 
	FOREIGN KEY(article_id) REFERENCES articles (id)
)
;
CREATE TABLE failures (
	id INTEGER NOT NULL, 
	input TEXT NOT NULL, 
	stage VARCHAR(32) NOT NULL, 
	error TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
)
;
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id', tokenize='porter unicode61')
;
CREATE TABLE meta (
	"key" VARCHAR(64) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
)
;
CREATE TABLE reuse_links (
	article_id INTEGER NOT NULL, 
	other_id INTEGER NOT NULL, 
	shared FLOAT NOT NULL, 
	other_shared FLOAT NOT NULL, 
	origin_id INTEGER, 
	exact BOOLEAN NOT NULL, 
	passages TEXT NOT NULL, 
	PRIMARY KEY (article_id, other_id), 
	FOREIGN KEY(article_id) REFERENCES articles (id), 
	FOREIGN KEY(other_id) REFERENCES articles (id)
)
;
CREATE TABLE stories (
	id INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	title TEXT, 
	size INTEGER NOT NULL, 
	first_seen VARCHAR(32), 
	last_seen VARCHAR(32), 
	updated_at DATETIME NOT NULL, 
	outlets TEXT NOT NULL, 
	related TEXT NOT NULL, 
	state TEXT NOT NULL, thread_id INTEGER, 
	PRIMARY KEY (id)
)
;
CREATE TABLE story_merges (
	id INTEGER NOT NULL, 
	from_id INTEGER NOT NULL, 
	into_id INTEGER NOT NULL, 
	merged_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
)
;
CREATE TABLE article_facts (
	article_id INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	facts TEXT NOT NULL, 
	PRIMARY KEY (article_id), 
	FOREIGN KEY(article_id) REFERENCES articles (id)
)
;
CREATE TABLE story_briefs (
	story_id INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	brief TEXT NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (story_id)
)
;
CREATE TABLE fetch_state (
	url TEXT NOT NULL, 
	etag TEXT, 
	last_modified TEXT, 
	seen BOOLEAN NOT NULL, 
	last_fetched DATETIME, 
	next_poll DATETIME, 
	PRIMARY KEY (url)
)
;
CREATE TABLE watch_sources (
	source TEXT NOT NULL, 
	every_seconds INTEGER NOT NULL, 
	next_poll DATETIME NOT NULL, 
	last_run DATETIME, 
	PRIMARY KEY (source)
)
;
CREATE TABLE revisions (
	id INTEGER NOT NULL, 
	article_id INTEGER NOT NULL, 
	revision INTEGER NOT NULL, 
	title TEXT, 
	text TEXT NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	fetched_at DATETIME NOT NULL, 
	replaced_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(article_id) REFERENCES articles (id)
)
;
CREATE TABLE "reuse_keys" (key BIGINT NOT NULL, article_id INTEGER NOT NULL, PRIMARY KEY (key, article_id)) WITHOUT ROWID
;
CREATE TABLE "story_terms" (term TEXT NOT NULL, story_id INTEGER NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (term, story_id)) WITHOUT ROWID
;
CREATE TABLE "term_df" (term TEXT NOT NULL, df INTEGER NOT NULL, PRIMARY KEY (term)) WITHOUT ROWID
;
CREATE TABLE notes (
	id INTEGER NOT NULL, 
	"key" VARCHAR(32) NOT NULL, 
	story_anchor VARCHAR(64) NOT NULL, 
	story_id INTEGER NOT NULL, 
	on_kind VARCHAR(16) NOT NULL, 
	on_key VARCHAR(64), 
	text TEXT NOT NULL, 
	author TEXT, 
	mark VARCHAR(16), 
	created VARCHAR(40) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE ("key")
)
;
CREATE TABLE threads (
	id INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	title TEXT, 
	size INTEGER NOT NULL, 
	first_seen VARCHAR(32), 
	last_seen VARCHAR(32), 
	updated_at DATETIME NOT NULL, 
	state TEXT NOT NULL, 
	PRIMARY KEY (id)
)
;
CREATE TABLE thread_terms (
	term TEXT NOT NULL, 
	thread_id INTEGER NOT NULL, 
	at BIGINT NOT NULL, 
	PRIMARY KEY (term, thread_id)
)
 WITHOUT ROWID
;
CREATE TABLE thread_merges (
	id INTEGER NOT NULL, 
	from_id INTEGER NOT NULL, 
	into_id INTEGER NOT NULL, 
	merged_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
)
;
CREATE INDEX ix_articles_published ON articles (published)
;
CREATE INDEX ix_articles_outlet ON articles (outlet)
;
CREATE INDEX ix_pages_article ON pages (article_id)
;
CREATE INDEX ix_pages_url ON pages (url)
;
CREATE INDEX ix_failures_input ON failures (input)
;
CREATE INDEX ix_reuse_links_other ON reuse_links (other_id)
;
CREATE INDEX ix_stories_updated ON stories (updated_at)
;
CREATE UNIQUE INDEX ix_revisions_article ON revisions (article_id, revision)
;
CREATE INDEX ix_articles_story_outlet ON articles (story_id, outlet)
;
CREATE INDEX ix_notes_anchor ON notes (story_anchor)
;
CREATE INDEX ix_stories_thread ON stories (thread_id)
;
CREATE UNIQUE INDEX ix_articles_content_id ON articles (content_id)
;
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, coalesce(new.title, ''), new.text); END
;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, coalesce(old.title, ''), old.text); END
;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, coalesce(old.title, ''), old.text); INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, coalesce(new.title, ''), new.text); END
;
INSERT INTO alembic_version (version_num) VALUES ('0009')
;
