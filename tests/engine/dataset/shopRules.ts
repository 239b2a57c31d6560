// The checks every loaded copy of the shop (examples/shop.sql) must pass, as SQL that returns the number of
// offending rows: the parent-child rules and cardinalities no constraint of the DDL states.
export const SHOP_RULES: Record<string, string> = {
  "an order before its customer signed up": "SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.placed_at < c.signed_up_at",
  "an order total other than the sum of its lines": "SELECT count(*) FROM orders o LEFT JOIN (SELECT order_id, sum(line_total) s FROM order_lines GROUP BY order_id) l ON l.order_id = o.id WHERE o.total <> coalesce(l.s, 0)",
  "refunds above their payment": "SELECT count(*) FROM payments p JOIN (SELECT payment_id, sum(amount) s FROM refunds GROUP BY payment_id) r ON r.payment_id = p.id WHERE r.s > p.amount",
  "a payment before its order": "SELECT count(*) FROM payments p JOIN orders o ON o.id = p.order_id WHERE p.paid_at < o.placed_at",
  "customers with more than 20 orders": "SELECT count(*) FROM (SELECT customer_id FROM orders GROUP BY customer_id HAVING count(*) > 20) x",
  "orders without lines or with more than 6": "SELECT count(*) FROM orders o LEFT JOIN (SELECT order_id, count(*) n FROM order_lines GROUP BY order_id) l ON l.order_id = o.id WHERE coalesce(l.n, 0) NOT BETWEEN 1 AND 6",
  "orders without a payment or with more than 2": "SELECT count(*) FROM orders o LEFT JOIN (SELECT order_id, count(*) n FROM payments GROUP BY order_id) p ON p.order_id = o.id WHERE coalesce(p.n, 0) NOT BETWEEN 1 AND 2",
  "a manager cycle": "WITH RECURSIVE up(start, at, depth) AS (SELECT id, manager_id, 1 FROM employees UNION ALL SELECT up.start, e.manager_id, depth + 1 FROM up JOIN employees e ON e.id = up.at WHERE depth < 100) SELECT count(*) FROM up WHERE at = start",
};
