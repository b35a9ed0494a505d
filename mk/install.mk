# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# mk/install.mk — the shared library, installation, pkg-config, the amalgamation and the
# SPDX check. Included by the top Makefile after its own variables (CC, AR, BUILD,
# ALL_CFLAGS, ALL_LDFLAGS, DEPFLAGS, FLAGFILE, LIB, LIB_OBJ, CLI, MEMORY_FLAGS) and after
# mk/platform.mk and mk/wasi.mk. Every name here starts with INST_ or is one of the
# targets below.
#
#   shared             $(BUILD)/libminwasm.so.MAJOR.MINOR.PATCH (soname libminwasm.so.MAJOR)
#                      from -fPIC objects in $(BUILD)/pic: the library ($(LIB_OBJ): src/,
#                      capi/, ...) plus, when the core uses platform groups, the POSIX
#                      platform, so a program links -lminwasm alone; and
#                      libminwasm-wasi.so.MAJOR... (wasi/, needing libminwasm.so)
#   install            PREFIX (default /usr/local), DESTDIR (staging root), LIBDIR,
#                      INCLUDEDIR, BINDIR, PKGCONFIGDIR: libminwasm.a, the shared libraries
#                      and their links, libminwasm-wasi.a, libminwasm-platform-posix.a,
#                      every include/*.h plus minwasm_wasi.h and minwasm_posix.h, minwasm.pc
#                      and minwasm-wasi.pc, and the minwasm command. INSTALL_SHARED=0
#                      leaves the shared libraries out (a static-only installation).
#   uninstall          removes exactly what install put there (same variables)
#   test-install       tests/install/run.sh: installs into temporary prefixes (shared and
#                      static) and builds and runs programs with pkg-config alone
#   amalgamation       $(BUILD)/amalgamation/minwasm.c (mk/amalgamate.py) + the public
#                      headers beside it
#   test-amalgamation  compiles minwasm.c on its own (no -I of the repository) with
#                      -Wall -Wextra -Werror, without and with platform groups, and runs
#                      examples/hello.c against each
#   check-spdx         tests/check-spdx.sh: the SPDX line in every source file

INST_HDR := include/minwasm.h
INST_VER = $(shell sed -n 's/^\#define MW_VERSION_$(1) \([0-9][0-9]*\).*/\1/p' $(INST_HDR))
INST_MAJOR := $(call INST_VER,MAJOR)
INST_MINOR := $(call INST_VER,MINOR)
INST_PATCH := $(call INST_VER,PATCH)
INST_VERSION := $(INST_MAJOR).$(INST_MINOR).$(INST_PATCH)

PREFIX      ?= /usr/local
DESTDIR     ?=
LIBDIR      ?= $(PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
BINDIR      ?= $(PREFIX)/bin
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
INSTALL_SHARED ?= 1

INST_PIC_DIR := $(BUILD)/pic
INST_PIC_OBJ := $(patsubst $(BUILD)/obj/%,$(INST_PIC_DIR)/%,$(LIB_OBJ))
INST_PLAT_PIC := $(if $(MEMORY_FLAGS),$(PLAT_POSIX_SRC:%.c=$(INST_PIC_DIR)/%.o))
INST_WASI_PIC := $(WASI_SRC:%.c=$(INST_PIC_DIR)/%.o)
INST_SO_NAME := libminwasm.so.$(INST_MAJOR)
INST_SO := $(BUILD)/libminwasm.so.$(INST_VERSION)
INST_WASI_SO_NAME := libminwasm-wasi.so.$(INST_MAJOR)
INST_WASI_SO := $(BUILD)/libminwasm-wasi.so.$(INST_VERSION)
INST_WASI_LIB := $(BUILD)/libminwasm-wasi.a
INST_PC_DIR := $(BUILD)/pkgconfig
# What a static link needs beyond the libraries: the platform's threads, and libm for
# WASI (hosted C).
INST_LIBS_PRIVATE := $(if $(MEMORY_FLAGS),-lminwasm-platform-posix) -lpthread -lm
INST_HEADERS := $(sort $(wildcard include/*.h)) wasi/minwasm_wasi.h platform/posix/minwasm_posix.h
INST_AMAL_DIR := $(BUILD)/amalgamation
INST_AMAL_DIRS := src wat capi

.PHONY: shared install uninstall test-install amalgamation test-amalgamation check-spdx \
        install-pc

$(INST_PIC_DIR)/%.o: %.c $(FLAGFILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SRC_FLAGS_$(notdir $*)) -fPIC $(DEPFLAGS) -c $< -o $@

$(INST_PIC_DIR)/platform/posix/%.o: platform/posix/%.c $(FLAGFILE)
	@mkdir -p $(@D)
	$(CC) $(PLAT_POSIX_CFLAGS) -fPIC $(DEPFLAGS) -c $< -o $@

$(INST_PIC_DIR)/wasi/%.o: wasi/%.c $(FLAGFILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iwasi -fPIC $(DEPFLAGS) -c $< -o $@

# Exported: the public API (mw_, wasm_) only; internal symbols that a directory leaves
# visible stay local.
$(BUILD)/libminwasm.map:
	@mkdir -p $(@D)
	@printf '%s\n' '{' '  global: mw_*; wasm_*;' '  local: *;' '};' > $@

$(INST_SO): $(INST_PIC_OBJ) $(INST_PLAT_PIC) $(BUILD)/libminwasm.map
	$(CC) $(ALL_LDFLAGS) -shared -Wl,-soname,$(INST_SO_NAME) -Wl,--no-undefined \
	  -Wl,--version-script,$(BUILD)/libminwasm.map -o $@ $(INST_PIC_OBJ) $(INST_PLAT_PIC) -lpthread
	ln -sf $(notdir $@) $(BUILD)/$(INST_SO_NAME)
	ln -sf $(INST_SO_NAME) $(BUILD)/libminwasm.so

$(INST_WASI_SO): $(INST_WASI_PIC) $(INST_SO)
	$(CC) $(ALL_LDFLAGS) -shared -Wl,-soname,$(INST_WASI_SO_NAME) -Wl,--no-undefined \
	  -o $@ $(INST_WASI_PIC) -L$(BUILD) -lminwasm -lm
	ln -sf $(notdir $@) $(BUILD)/$(INST_WASI_SO_NAME)
	ln -sf $(INST_WASI_SO_NAME) $(BUILD)/libminwasm-wasi.so

$(INST_WASI_LIB): $(WASI_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(WASI_OBJ)

shared: $(INST_SO) $(INST_WASI_SO)

# The .pc files name the final prefix, which DESTDIR does not change.
install-pc:
	@mkdir -p $(INST_PC_DIR)
	@printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' 'includedir=$(INCLUDEDIR)' '' \
	  'Name: minwasm' 'Description: A small WebAssembly runtime (minwasm.h and wasm.h)' \
	  'URL: https://github.com/minwasm/minwasm' 'Version: $(INST_VERSION)' \
	  'Cflags: -I$${includedir}' 'Libs: -L$${libdir} -lminwasm' \
	  'Libs.private: $(INST_LIBS_PRIVATE)' > $(INST_PC_DIR)/minwasm.pc
	@printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' 'includedir=$(INCLUDEDIR)' '' \
	  'Name: minwasm-wasi' 'Description: WASI preview 1 for minwasm (minwasm_wasi.h)' \
	  'Version: $(INST_VERSION)' 'Requires: minwasm = $(INST_VERSION)' \
	  'Cflags: -I$${includedir}' 'Libs: -L$${libdir} -lminwasm-wasi' \
	  'Libs.private: -lm' > $(INST_PC_DIR)/minwasm-wasi.pc

INST_D = $(DESTDIR)
install: $(LIB) $(CLI) $(INST_WASI_LIB) $(if $(MEMORY_FLAGS),$(PLAT_POSIX_LIB)) \
         $(if $(filter 1,$(INSTALL_SHARED)),shared) install-pc
	install -d $(INST_D)$(LIBDIR) $(INST_D)$(INCLUDEDIR) $(INST_D)$(BINDIR) $(INST_D)$(PKGCONFIGDIR)
	install -m 644 $(LIB) $(INST_WASI_LIB) $(if $(MEMORY_FLAGS),$(PLAT_POSIX_LIB)) $(INST_D)$(LIBDIR)/
ifeq ($(INSTALL_SHARED),1)
	install -m 755 $(INST_SO) $(INST_WASI_SO) $(INST_D)$(LIBDIR)/
	ln -sf $(notdir $(INST_SO)) $(INST_D)$(LIBDIR)/$(INST_SO_NAME)
	ln -sf $(INST_SO_NAME) $(INST_D)$(LIBDIR)/libminwasm.so
	ln -sf $(notdir $(INST_WASI_SO)) $(INST_D)$(LIBDIR)/$(INST_WASI_SO_NAME)
	ln -sf $(INST_WASI_SO_NAME) $(INST_D)$(LIBDIR)/libminwasm-wasi.so
endif
	install -m 644 $(INST_HEADERS) $(INST_D)$(INCLUDEDIR)/
	install -m 644 $(INST_PC_DIR)/minwasm.pc $(INST_PC_DIR)/minwasm-wasi.pc $(INST_D)$(PKGCONFIGDIR)/
	install -m 755 $(CLI) $(INST_D)$(BINDIR)/minwasm

uninstall:
	rm -f $(INST_D)$(LIBDIR)/libminwasm.a $(INST_D)$(LIBDIR)/libminwasm-wasi.a \
	  $(INST_D)$(LIBDIR)/libminwasm-platform-posix.a \
	  $(INST_D)$(LIBDIR)/libminwasm.so $(INST_D)$(LIBDIR)/$(INST_SO_NAME) \
	  $(INST_D)$(LIBDIR)/$(notdir $(INST_SO)) \
	  $(INST_D)$(LIBDIR)/libminwasm-wasi.so $(INST_D)$(LIBDIR)/$(INST_WASI_SO_NAME) \
	  $(INST_D)$(LIBDIR)/$(notdir $(INST_WASI_SO)) \
	  $(addprefix $(INST_D)$(INCLUDEDIR)/,$(notdir $(INST_HEADERS))) \
	  $(INST_D)$(PKGCONFIGDIR)/minwasm.pc $(INST_D)$(PKGCONFIGDIR)/minwasm-wasi.pc \
	  $(INST_D)$(BINDIR)/minwasm

test-install:
	@BUILD='$(BUILD)' MAKE='$(MAKE)' CC='$(CC)' SANITIZE='$(SANITIZE)' tests/install/run.sh

$(INST_AMAL_DIR)/minwasm.c: mk/amalgamate.py $(foreach d,$(INST_AMAL_DIRS),$(wildcard $(d)/*.c $(d)/*.h)) $(wildcard include/*.h)
	@mkdir -p $(@D)
	@python3 mk/amalgamate.py $@ $(INST_AMAL_DIRS)
	@cp $(wildcard include/*.h) $(@D)/

amalgamation: $(INST_AMAL_DIR)/minwasm.c

test-amalgamation: amalgamation $(PLAT_POSIX_LIB)
	@BUILD='$(BUILD)' CC='$(CC)' tests/install/amalgamation.sh

check-spdx:
	@tests/check-spdx.sh

-include $(wildcard $(INST_PIC_DIR)/*/*.d $(INST_PIC_DIR)/*/*/*.d)
