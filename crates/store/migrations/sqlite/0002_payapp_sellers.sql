-- PayApp sellers, resellers, agencies and sub-accounts (manual 001, 판매자 회원
-- 가입 / 부계정 등록). SQLite version; times are Unix milliseconds.

-- Every PayApp userid in use, seller or sub-account: the manual's 아이디 중복
-- 체크 treats them as one namespace, and a unique key here is what makes two
-- concurrent sign-ups of one id fail instead of both succeeding.
CREATE TABLE payapp_userids (
    userid  TEXT NOT NULL PRIMARY KEY,
    owner   TEXT NOT NULL CHECK (owner IN ('account', 'sub_account'))
);
INSERT INTO payapp_userids (userid, owner) SELECT userid, 'account' FROM payapp_accounts;

-- Accounts are also created outside sellerRegist (seeding, `gyeolje merchant
-- create`), so the claim is made by the database itself on every insert: an
-- id already held by a sub-account makes the account insert fail as a
-- unique violation, which the store reports as a conflict.
CREATE TRIGGER payapp_accounts_claim_userid AFTER INSERT ON payapp_accounts
BEGIN
    INSERT INTO payapp_userids (userid, owner) VALUES (NEW.userid, 'account');
END;

-- An account's place in the hierarchy. A merchant without a row here is a
-- plain seller with no parent. `profile` is the sellerRegist data as JSON.
CREATE TABLE payapp_sellers (
    merchant_id    INTEGER NOT NULL PRIMARY KEY REFERENCES merchants (id),
    kind           TEXT    NOT NULL CHECK (kind IN ('seller', 'reseller', 'agency')),
    parent_userid  TEXT    REFERENCES payapp_accounts (userid),
    password_hash  TEXT,
    profile        TEXT
);
CREATE INDEX payapp_sellers_by_parent ON payapp_sellers (parent_userid);

-- 부계정: staff ids acting for a seller with a permission bit mask.
CREATE TABLE payapp_sub_accounts (
    subuserid      TEXT    NOT NULL PRIMARY KEY REFERENCES payapp_userids (userid),
    merchant_id    INTEGER NOT NULL REFERENCES merchants (id),
    password_hash  TEXT    NOT NULL,
    subname        TEXT    NOT NULL,
    subetc1        TEXT    NOT NULL,
    subetc2        TEXT    NOT NULL,
    subetc3        TEXT    NOT NULL,
    subjtype       TEXT    NOT NULL,
    permissions    INTEGER NOT NULL CHECK (permissions BETWEEN 0 AND 7),
    created_at     INTEGER NOT NULL
);
CREATE INDEX payapp_sub_accounts_by_merchant ON payapp_sub_accounts (merchant_id);
