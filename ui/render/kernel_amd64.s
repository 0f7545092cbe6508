#include "textflag.h"

// The loops that plot a line's steps (see kernel.go): SSE2 only.
//
// A pixel's four bytes become four 16-bit words (X0 is zero for that); the
// blend of colour C into pixel P with weight w (0…256) is
//   P + PMULHW((C − P)·128, 2w) = P + ⌊(C − P)·w/256⌋,
// exact in 16 bits: (C − P)·128 lies within ±32640 and 2w within 512.

// load sets up the registers every loop uses from the kernel at AX:
//   DI pix, SI i, R8 ms, R9 ns, R10 yf, R11 step, CX n,
//   X0 zero, X4 the colour's words, twice.
#define LOAD \
	MOVQ 0(AX), DI \
	MOVQ 8(AX), SI \
	MOVQ 16(AX), R8 \
	MOVQ 24(AX), R9 \
	MOVQ 32(AX), R10 \
	MOVQ 40(AX), R11 \
	MOVQ 48(AX), CX \
	PXOR X0, X0 \
	MOVL 64(AX), X4 \
	PUNPCKLBW X0, X4 \
	PUNPCKLQDQ X4, X4

// BLEND blends X4 into the pixel words in X1 with the doubled weights in X3.
#define BLEND \
	MOVO X4, X2 \
	PSUBW X1, X2 \
	PSLLW $7, X2 \
	PMULHW X3, X2 \
	PADDW X2, X1

// ROW puts the word index of the step's first pixel in R12.
#define ROW \
	MOVQ R10, R12 \
	SARQ $16, R12 \
	IMULQ R9, R12 \
	ADDQ SI, R12

// func hairAsm(k *kernel)
TEXT ·hairAsm(SB), NOSPLIT, $0-8
	MOVQ k+0(FP), AX
	LOAD
	MOVL 68(AX), DX
	SHLL $1, DX
	MOVL DX, X3
	PSHUFLW $0, X3, X3
	TESTQ CX, CX
	JLE hairdone
hairloop:
	ROW
	MOVL (DI)(R12*4), X1
	PUNPCKLBW X0, X1
	BLEND
	PACKUSWB X1, X1
	MOVL X1, (DI)(R12*4)
	ADDQ R8, SI
	ADDQ R11, R10
	DECQ CX
	JNZ hairloop
hairdone:
	RET

// func hairDashAsm(k *kernel)
TEXT ·hairDashAsm(SB), NOSPLIT, $0-8
	MOVQ k+0(FP), AX
	LOAD
	MOVL 68(AX), DX
	SHLL $1, DX
	MOVL DX, X3
	PSHUFLW $0, X3, X3
	MOVQ 72(AX), R13 // phase
	TESTQ CX, CX
	JLE dashdone
dashloop:
	CMPQ R13, 88(AX) // dashLen
	JGE dashgap
	ROW
	MOVL (DI)(R12*4), X1
	PUNPCKLBW X0, X1
	BLEND
	PACKUSWB X1, X1
	MOVL X1, (DI)(R12*4)
dashgap:
	ADDQ 80(AX), R13 // along
	CMPQ R13, 96(AX) // period
	JLT dashnext
	SUBQ 96(AX), R13
dashnext:
	ADDQ R8, SI
	ADDQ R11, R10
	DECQ CX
	JNZ dashloop
dashdone:
	MOVQ R13, 72(AX)
	RET

// THINSTEP plots the two pixels of a step of a smooth line; DX is the
// coverage vectors.
#define THINSTEP \
	MOVQ R10, R12 \
	SARQ $8, R12 \
	MOVBQZX R12, R12 \
	SHLQ $4, R12 \
	MOVOU (DX)(R12*1), X3 \
	ROW \
	LEAQ (R12)(R9*1), BX \
	MOVL (DI)(R12*4), X1 \
	MOVL (DI)(BX*4), X5 \
	PUNPCKLLQ X5, X1 \
	PUNPCKLBW X0, X1 \
	BLEND \
	PACKUSWB X1, X1 \
	MOVL X1, (DI)(R12*4) \
	PSRLQ $32, X1 \
	MOVL X1, (DI)(BX*4)

// THICKSTEP plots the three pixels of a step of a thick line; DX is the
// coverage vectors, X7 the middle pixel's weight, doubled, in its low four
// words.
#define THICKSTEP \
	MOVQ R10, R12 \
	SARQ $8, R12 \
	MOVBQZX R12, R12 \
	SHLQ $4, R12 \
	MOVOU (DX)(R12*1), X6 \
	MOVO X6, X3 \
	PUNPCKLQDQ X7, X3 \
	PSHUFD $0xEE, X6, X6 \
	ROW \
	LEAQ (R12)(R9*1), BX \
	MOVL (DI)(R12*4), X1 \
	MOVL (DI)(BX*4), X5 \
	PUNPCKLLQ X5, X1 \
	PUNPCKLBW X0, X1 \
	BLEND \
	PACKUSWB X1, X1 \
	MOVL X1, (DI)(R12*4) \
	PSRLQ $32, X1 \
	MOVL X1, (DI)(BX*4) \
	ADDQ R9, BX \
	MOVL (DI)(BX*4), X1 \
	PUNPCKLBW X0, X1 \
	MOVO X6, X3 \
	BLEND \
	PACKUSWB X1, X1 \
	MOVL X1, (DI)(BX*4)

// func thinAsm(k *kernel)
TEXT ·thinAsm(SB), NOSPLIT, $0-8
	MOVQ k+0(FP), AX
	LOAD
	MOVQ 104(AX), DX // vec
	TESTQ CX, CX
	JLE thindone
thinloop:
	THINSTEP
	ADDQ R8, SI
	ADDQ R11, R10
	DECQ CX
	JNZ thinloop
thindone:
	RET

// func thinDashAsm(k *kernel)
TEXT ·thinDashAsm(SB), NOSPLIT, $0-8
	MOVQ k+0(FP), AX
	LOAD
	MOVQ 104(AX), DX // vec
	MOVQ 72(AX), R13 // phase
	TESTQ CX, CX
	JLE thindashdone
thindashloop:
	CMPQ R13, 88(AX) // dashLen
	JGE thindashgap
	THINSTEP
thindashgap:
	ADDQ 80(AX), R13 // along
	CMPQ R13, 96(AX) // period
	JLT thindashnext
	SUBQ 96(AX), R13
thindashnext:
	ADDQ R8, SI
	ADDQ R11, R10
	DECQ CX
	JNZ thindashloop
thindashdone:
	MOVQ R13, 72(AX)
	RET

// func thickAsm(k *kernel)
TEXT ·thickAsm(SB), NOSPLIT, $0-8
	MOVQ k+0(FP), AX
	LOAD
	MOVQ 104(AX), DX // vec
	MOVL 68(AX), R13
	SHLL $1, R13
	MOVL R13, X7
	PSHUFLW $0, X7, X7
	TESTQ CX, CX
	JLE thickdone
thickloop:
	THICKSTEP
	ADDQ R8, SI
	ADDQ R11, R10
	DECQ CX
	JNZ thickloop
thickdone:
	RET

// func thickDashAsm(k *kernel)
TEXT ·thickDashAsm(SB), NOSPLIT, $0-8
	MOVQ k+0(FP), AX
	LOAD
	MOVQ 104(AX), DX // vec
	MOVL 68(AX), R13
	SHLL $1, R13
	MOVL R13, X7
	PSHUFLW $0, X7, X7
	TESTQ CX, CX
	JLE thickdashdone
thickdashloop:
	MOVQ 72(AX), BX // phase
	CMPQ BX, 88(AX) // dashLen
	JGE thickdashgap
	THICKSTEP
	MOVQ 72(AX), BX
thickdashgap:
	ADDQ 80(AX), BX // along
	CMPQ BX, 96(AX) // period
	JLT thickdashnext
	SUBQ 96(AX), BX
thickdashnext:
	MOVQ BX, 72(AX)
	ADDQ R8, SI
	ADDQ R11, R10
	DECQ CX
	JNZ thickdashloop
thickdashdone:
	RET
