// A small TypeScript consumer of the API, type-checked against types generated from
// openapi.yaml (`make sdk-ts`). A contract change that would break code like this fails the check.
import type { components, paths } from "./api";

type Product = components["schemas"]["Product"];
type ProductIn = components["schemas"]["ProductIn"];
type ProductPatch = components["schemas"]["ProductPatch"];
type Problem = components["schemas"]["Problem"];
type Page = paths["/products/"]["get"]["responses"][200]["content"]["application/json"];
type LoginForm =
  paths["/token"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"];
type Token = paths["/token"]["post"]["responses"][200]["content"]["application/json"];

const baseUrl = "http://127.0.0.1:8000";

export async function logIn(form: LoginForm): Promise<string> {
  const response = await fetch(`${baseUrl}/token`, {
    method: "POST",
    body: new URLSearchParams({ username: form.username, password: form.password }),
  });
  if (!response.ok) {
    throw new Error(explain((await response.json()) as Problem));
  }
  const token = (await response.json()) as Token;
  return token.access_token;
}

export async function create(token: string, product: ProductIn): Promise<Product> {
  const response = await fetch(`${baseUrl}/products/`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(product),
  });
  return (await response.json()) as Product;
}

export function describe(product: Product): string {
  const tax = product.tax === null ? "no tax" : `tax ${product.tax.toFixed(2)}`;
  const created = new Date(product.created_at).toISOString();
  return `#${product.id} ${product.name} (${product.description ?? "no description"}): ` +
    `${product.price.toFixed(2)}, ${tax}, by user ${product.owner_id}, since ${created}`;
}

export function pageSummary(page: Page): string {
  return `${page.items.length} of ${page.total} (limit ${page.limit}, offset ${page.offset})`;
}

export function explain(problem: Problem): string {
  return `${problem.status} ${problem.title}: ${problem.detail}`;
}

export const draft: ProductIn = { name: "Lamp", price: 20, tax: null };
export const clearDescription: ProductPatch = { description: null };
