/*
 * Console input and debug keys. Three Ctrl-A in a row switch serial input
 * between dom0 (where it goes once dom0 runs, as on Xen) and Keel; until a
 * dom0 exists, input stays with Keel. A key
 * for Keel is queued by the UART's interrupt and handled from a softirq,
 * so that handlers (which print a lot, and may wait for other CPUs) run
 * with interrupts enabled.
 */
#include <keel/boot.h>
#include <keel/console.h>
#include <keel/console_io.h>
#include <keel/domain.h>
#include <keel/grant_table_op.h>
#include <keel/sched.h>
#include <keel/heap.h>
#include <keel/keyhandler.h>
#include <keel/panic.h>
#include <keel/percpu.h>
#include <keel/softirq.h>
#include <keel/string.h>
#include <keel/time.h>
#include <keel/timers.h>

#define CTRL_A 0x01
#define SWITCH_PRESSES 3
#define KEY_QUEUE 16

static unsigned int ctrl_a_run;
static bool input_to_dom0;  /* else to Keel's debug keys */
static char key_queue[KEY_QUEUE];
static volatile unsigned int key_head, key_tail; /* the UART's CPU only */

struct keyhandler {
    char key;
    void (*fn)(char key);
    const char *desc;
};

static void show_help(char key);
static void dump_domains(char key);
static void dump_runqueues(char key);
static void dump_registers(char key);
static void dump_memory(char key);
static void dump_grants(char key);
static void dump_time(char key);
static void dump_dom0(char key);
static void reboot_machine(char key);

static const struct keyhandler keys[] = {
    { 'h', show_help, "show this list of keys" },
    { 'q', dump_domains, "dump domains and their vCPUs" },
    { 'r', dump_runqueues, "dump each CPU's run queue" },
    { 'd', dump_registers, "dump registers and stack of every CPU" },
    { 'm', dump_memory, "dump memory use" },
    { 'g', dump_grants, "dump grant-table usage" },
    { 't', dump_time, "dump time and timers" },
    { '0', dump_dom0, "dump dom0's vCPU state" },
    { 'R', reboot_machine, "reboot the machine" },
};

static void show_help(char key)
{
    (void)key;
    kinfo("'h' pressed -> showing installed handlers\n");
    for (unsigned int i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        kinfo(" key '%c' (ascii '%02x') => %s\n", keys[i].key, keys[i].key, keys[i].desc);
}

static void dump_grants(char key)
{
    (void)key;
    kinfo("'g' pressed -> dumping grant-table usage\n");
    grant_dump_all();
}

static const char *vcpu_state(const struct vcpu *v)
{
    if (v->running)
        return "running";
    if (!v->online)
        return "offline";
    if (v->blocked)
        return "blocked";
    return vcpu_runnable(v) ? "runnable" : "stopped";
}

static void dump_domains(char key)
{
    unsigned int n = 0;

    (void)key;
    kinfo("'q' pressed -> dumping domain info (now = %llu ns)\n",
          (unsigned long long)NOW());
    for (unsigned int id = 0; id < MAX_DOMAINS; id++) {
        const struct domain *d = domain_by_id((uint16_t)id);

        if (!d)
            continue;
        n++;
        kinfo("Domain %u (%s): %s, %llu pages (max %llu), %u vCPUs%s\n", d->domid, d->name,
              d->state == DOMAIN_DYING ? "dying" :
              d->state == DOMAIN_SHUTDOWN ? "shut down" :
              d->pause_count ? "paused" : "running",
              (unsigned long long)d->tot_pages, (unsigned long long)d->max_pages,
              d->nr_vcpus, d->is_privileged ? ", privileged" : "");
        for (unsigned int i = 0; i < d->nr_vcpus; i++)
            if (d->vcpus[i])
                kinfo("  vCPU%u: %s on CPU%u, events %s, upcall %s\n", i,
                      vcpu_state(d->vcpus[i]), d->vcpus[i]->processor,
                      d->vcpus[i]->vcpu_info->evtchn_upcall_mask ? "masked" : "unmasked",
                      d->vcpus[i]->vcpu_info->evtchn_upcall_pending ? "pending" : "none");
    }
    if (!n)
        kinfo("Domains: none\n");
}

static void dump_runqueues(char key)
{
    (void)key;
    kinfo("'r' pressed -> dumping run queues\n");
    for (unsigned int cpu = 0; cpu < KEEL_MAX_CPUS; cpu++) {
        if (!percpu[cpu].online)
            continue;
        kinfo(" CPU%u:\n", cpu);
        sched_dump_cpu(cpu);
    }
}

static void dump_registers(char key)
{
    (void)key;
    kinfo("'d' pressed -> dumping registers\n");
    arch_dump_all_cpus();
}

static void dump_memory(char key)
{
    struct mem_summary s;
    char buf[1024];

    (void)key;
    heap_summary(&s, keel_options.dom0_mem, keel_options.dom0_mem_max);
    kinfo("'m' pressed -> dumping memory info\n");
    kinfo(" RAM: %llu KiB, Keel: %llu KiB, free: %llu KiB\n",
          (unsigned long long)(s.ram >> 10), (unsigned long long)(s.keel >> 10),
          (unsigned long long)(s.free >> 10));
    kinfo(" dom0 share: %llu KiB, domU heap: %llu KiB\n",
          (unsigned long long)(s.dom0 >> 10), (unsigned long long)(s.domu >> 10));
    heap_dump(buf, sizeof(buf));
    for (char *line = buf, *nl; *line; line = nl) {
        nl = strchr(line, '\n');
        if (nl)
            *nl++ = '\0';
        else
            nl = line + strlen(line);
        kinfo(" %s\n", line);
    }
}

/*
 * 't' also arms a short timer on every CPU and reports when each fires: a
 * check, from the console, that timer interrupts work everywhere and how
 * late they run.
 */
#define PROBE_NS 10000000ull /* 10 ms */

static struct timer_probe {
    struct timer timer;
    unsigned int cpu;
    uint64_t armed;
} probes[KEEL_MAX_CPUS];

static void probe_fired(void *data)
{
    struct timer_probe *p = data;
    uint64_t late = NOW() - p->armed - PROBE_NS;

    kinfo(" CPU%u: a timer set %llu us ahead fired %llu us late\n", p->cpu,
          (unsigned long long)(PROBE_NS / 1000), (unsigned long long)(late / 1000));
}

static void dump_time(char key)
{
    uint64_t now = NOW();

    (void)key;
    kinfo("'t' pressed -> dumping time\n");
    kinfo(" NOW() = %llu.%09llu s, TSC %llu Hz\n", (unsigned long long)(now / 1000000000),
          (unsigned long long)(now % 1000000000), (unsigned long long)tsc_hz());
    for (unsigned int cpu = 0; cpu < KEEL_MAX_CPUS; cpu++) {
        struct timer_probe *p = &probes[cpu];

        if (!percpu[cpu].online)
            continue;
        kinfo(" CPU%u: %u timers pending\n", cpu, timers_pending(cpu));
        if (timer_active(&p->timer))
            continue; /* still waiting from an earlier 't' */
        p->armed = NOW();
        set_timer(&p->timer, cpu, p->armed + PROBE_NS);
    }
}

static void dump_dom0(char key)
{
    const struct domain *d = domain_by_id(0);

    (void)key;
    kinfo("'0' pressed -> dumping dom0's vCPUs\n");
    if (!d) {
        kinfo(" no dom0\n");
        return;
    }
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        if (d->vcpus[i])
            arch_dump_vcpu(d->vcpus[i]);
}

static void reboot_machine(char key)
{
    (void)key;
    kinfo("'R' pressed -> rebooting machine\n");
    machine_restart();
}

void handle_keypress(char key)
{
    for (unsigned int i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        if (keys[i].key == key) {
            keys[i].fn(key);
            return;
        }
    }
    kinfo("'%c' (%#x): no such debug key; 'h' lists them\n",
          key >= 0x20 && key < 0x7f ? key : '?', (unsigned char)key);
}

static void keyhandler_softirq(void)
{
    while (key_tail != key_head) {
        char key = key_queue[key_tail % KEY_QUEUE];

        key_tail++;
        handle_keypress(key);
    }
}

static void announce_input(void)
{
    kinfo("*** Serial input to %s (type 'CTRL-a' three times to switch input)\n",
          input_to_dom0 ? "DOM0" : "Keel");
}

void console_input_to_dom0(void)
{
    input_to_dom0 = true;
    announce_input();
}

static void deliver(char c)
{
    if (input_to_dom0) {
        console_io_input(c);
        return;
    }
    if (key_head - key_tail == KEY_QUEUE)
        return; /* typing faster than keys are handled: drop */
    key_queue[key_head % KEY_QUEUE] = c;
    key_head++;
    raise_softirq(SOFTIRQ_KEYHANDLER);
}

/* Three Ctrl-A in a row switch where input goes (once dom0 exists); fewer
 * are passed on with the character that follows, as on Xen. */
void console_input(char c)
{
    if (c == CTRL_A) {
        if (++ctrl_a_run == SWITCH_PRESSES) {
            ctrl_a_run = 0;
            if (domain_by_id(0))
                input_to_dom0 = !input_to_dom0;
            announce_input();
        }
        return;
    }
    for (; ctrl_a_run; ctrl_a_run--)
        deliver(CTRL_A);
    deliver(c);
}

void keyhandler_init(void)
{
    for (unsigned int cpu = 0; cpu < KEEL_MAX_CPUS; cpu++) {
        timer_init(&probes[cpu].timer, probe_fired, &probes[cpu]);
        probes[cpu].cpu = cpu;
    }
    open_softirq(SOFTIRQ_KEYHANDLER, keyhandler_softirq);
}
