import type { JSX, ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { Link, useRoute } from "../router";
import { useSession } from "../session";

const NAV = [
  { to: "/connections", label: "Connections" },
  { to: "/invoices", label: "Invoices" },
  { to: "/customers", label: "Customers" },
  { to: "/syncs", label: "Recent syncs" },
  { to: "/reconciliation", label: "Reconciliation" },
  { to: "/activity", label: "Activity" },
];

export function Layout({ children }: { children: ComponentChildren }): JSX.Element {
  const { viewer, isAdmin } = useSession();
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // After a client-side navigation, move focus to the new page (as a page load would).
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [route.path]);
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <div class="brand">
          <span class="brand-name">Accounting integration</span>
          <span class="brand-firm">{viewer.firm.name}</span>
        </div>
        <p class="whoami">
          {viewer.user.name} · {isAdmin ? "Administrator" : "Staff (read only for settings)"}
        </p>
      </header>
      <nav class="nav" aria-label="Sections">
        <ul>
          {NAV.map((item) => {
            const here = route.path === item.to || route.path.startsWith(`${item.to}/`);
            return (
              <li key={item.to}>
                <Link to={item.to} aria-current={here ? "page" : undefined}>
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
