-- A small shop as PostgreSQL DDL: staff (each employee's manager is another employee), customers, products,
-- the customers' orders, the orders' lines, payments and refunds. `sdga generate --schema examples/shop.sql`
-- reads it with PostgreSQL's own parser; the COMMENT ON ... 'sdga: ...' lines say what SQL cannot: how many
-- children a parent has, and how children agree with their parents.

CREATE TYPE order_status AS ENUM ('placed', 'paid', 'shipped', 'delivered', 'cancelled');
CREATE TYPE payment_method AS ENUM ('card', 'paypal', 'bank_transfer', 'gift_card');

CREATE TABLE employees (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  full_name   varchar(100) NOT NULL,
  email       varchar(120) NOT NULL UNIQUE,
  manager_id  integer REFERENCES employees (id),
  hired_on    date NOT NULL CHECK (hired_on >= '2015-01-01' AND hired_on <= '2021-12-31')
);

CREATE TABLE customers (
  id               bigserial PRIMARY KEY,
  email            varchar(254) NOT NULL UNIQUE,
  first_name       varchar(60) NOT NULL,
  last_name        varchar(60) NOT NULL,
  country          char(2) NOT NULL,
  signed_up_at     timestamptz NOT NULL CHECK (signed_up_at >= '2022-01-01' AND signed_up_at <= now()),
  marketing_opt_in boolean NOT NULL DEFAULT false,
  tags             text[]
);

CREATE TABLE products (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sku         varchar(16) NOT NULL UNIQUE,
  name        varchar(120) NOT NULL,
  unit_price  numeric(10,2) NOT NULL CHECK (unit_price > 0 AND unit_price <= 2000),
  attributes  jsonb
);

CREATE TABLE orders (
  id           bigserial PRIMARY KEY,
  customer_id  bigint NOT NULL REFERENCES customers (id),
  handled_by   integer REFERENCES employees (id),
  status       order_status NOT NULL,
  placed_at    timestamptz NOT NULL,
  shipped_at   timestamptz,
  total        numeric(12,2) NOT NULL CHECK (total >= 0),
  CONSTRAINT shipped_after_placed CHECK (shipped_at >= placed_at)
);

CREATE TABLE order_lines (
  order_id    bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  line_no     integer NOT NULL CHECK (line_no >= 1),
  product_id  uuid NOT NULL REFERENCES products (id),
  quantity    integer NOT NULL CHECK (quantity BETWEEN 1 AND 10),
  unit_price  numeric(10,2) NOT NULL CHECK (unit_price > 0 AND unit_price <= 2000),
  line_total  numeric(12,2) NOT NULL,
  PRIMARY KEY (order_id, line_no),
  CONSTRAINT line_total_is_quantity_times_price CHECK (line_total = quantity * unit_price)
);

CREATE TABLE payments (
  id        uuid PRIMARY KEY,
  order_id  bigint NOT NULL,
  method    payment_method NOT NULL,
  amount    numeric(12,2) NOT NULL CHECK (amount > 0 AND amount <= 20000),
  paid_at   timestamptz NOT NULL
);
ALTER TABLE payments ADD CONSTRAINT payments_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);

CREATE TABLE refunds (
  id           uuid PRIMARY KEY,
  payment_id   uuid NOT NULL REFERENCES payments (id),
  amount       numeric(12,2) NOT NULL CHECK (amount > 0),
  reason       text NOT NULL CHECK (reason IN ('damaged', 'late', 'wrong_item', 'changed_mind')),
  refunded_at  timestamptz NOT NULL
);

CREATE INDEX orders_customer_idx ON orders (customer_id);

COMMENT ON TABLE employees IS 'sdga: rows 40';
COMMENT ON TABLE products IS 'sdga: rows 500';
COMMENT ON CONSTRAINT employees_manager_id_fkey ON employees IS 'sdga: 0..8 per parent, 5% null';
COMMENT ON CONSTRAINT orders_customer_id_fkey ON orders IS 'sdga: 0..20 per parent, mean 3, skewed';
COMMENT ON CONSTRAINT order_lines_order_id_fkey ON order_lines IS 'sdga: 1..6 per parent, mean 2.5, poisson';
COMMENT ON CONSTRAINT payments_order_fk ON payments IS 'sdga: 1..2 per parent, mean 1.1, skewed';
COMMENT ON CONSTRAINT refunds_payment_id_fkey ON refunds IS 'sdga: 0..2 per parent, mean 0.15, skewed';
COMMENT ON COLUMN orders.placed_at IS 'sdga: after customers.signed_up_at';
